# Pieces shared inside the tree (not installed, not public API): the
# command-line tools link the library; le-bytes.h is header-only.
noinst_LTLIBRARIES += userspace/common/libuepf-common.la
userspace_common_libuepf_common_la_SOURCES = \
	userspace/common/json-writer.c userspace/common/json-writer.h \
	userspace/common/msg.c userspace/common/msg.h
EXTRA_DIST += userspace/common/le-bytes.h
