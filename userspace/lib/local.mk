lib_LTLIBRARIES += userspace/lib/libuepf.la
userspace_lib_libuepf_la_SOURCES = \
	userspace/lib/msix-internal.h \
	userspace/lib/msix.c \
	userspace/lib/msix-layout.c \
	userspace/lib/msix-state.c
userspace_lib_libuepf_la_LDFLAGS = -version-info 0:0:0
nobase_include_HEADERS += include/uepf/msix.h
pkgconfig_DATA += userspace/lib/libuepf.pc
EXTRA_DIST += userspace/lib/libuepf.pc.in
# device.c (char device backend) lines are appended below by its owner.
