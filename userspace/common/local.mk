# Pieces shared by the command-line tools (not installed, not public API).
noinst_LTLIBRARIES += userspace/common/libuepf-common.la
userspace_common_libuepf_common_la_SOURCES = \
	userspace/common/json-writer.c userspace/common/json-writer.h \
	userspace/common/msg.c userspace/common/msg.h
