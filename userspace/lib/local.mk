lib_LTLIBRARIES += userspace/lib/libuepf.la
userspace_lib_libuepf_la_SOURCES = \
	userspace/lib/msix-internal.h \
	userspace/lib/msix.c \
	userspace/lib/msix-layout.c \
	userspace/lib/msix-state.c
userspace_lib_libuepf_la_LDFLAGS = -version-info 0:0:0
uepf_msix_hdrdir = $(includedir)/uepf
uepf_msix_hdr_HEADERS = include/uepf/msix.h
pkgconfig_DATA += userspace/lib/libuepf.pc
EXTRA_DIST += userspace/lib/libuepf.pc.in
# device.c (char device backend) lines are appended below by its owner.
# device.c: the /dev/uepf/<name> backend.  The kernel ABI header is
# installed as $(includedir)/linux/uepf.h, where `make headers_install`
# would put it, so <linux/uepf.h> works with the pkg-config Cflags; in the
# tree it is found through include/uapi.
AM_CPPFLAGS += -I$(top_srcdir)/include/uapi
userspace_lib_libuepf_la_SOURCES += userspace/lib/device.c
# (not nobase_include_HEADERS: with paths from the top it installs
# $(includedir)/include/uepf/...)
uepf_pub_hdrdir = $(includedir)/uepf
uepf_pub_hdr_HEADERS = include/uepf/device.h
uepf_uapi_hdrdir = $(includedir)/linux
uepf_uapi_hdr_HEADERS = include/uapi/linux/uepf.h
