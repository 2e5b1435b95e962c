# uepfctl: create, start and look at uepf endpoint functions
bin_PROGRAMS += userspace/uepfctl/uepfctl
userspace_uepfctl_uepfctl_SOURCES = \
	userspace/uepfctl/uepfctl.h \
	userspace/uepfctl/verbs.h \
	userspace/uepfctl/main.c \
	userspace/uepfctl/util.c \
	userspace/uepfctl/layout.c \
	userspace/uepfctl/configfs.c \
	userspace/uepfctl/conf.c \
	userspace/uepfctl/kmsg.c \
	userspace/uepfctl/daemon.c \
	userspace/uepfctl/ctl-client.c \
	userspace/uepfctl/jv.c \
	userspace/uepfctl/show.c
userspace_uepfctl_uepfctl_CPPFLAGS = $(AM_CPPFLAGS) \
	-DUEPFD_PATH='"$(sbindir)/uepfd"'
userspace_uepfctl_uepfctl_LDADD = userspace/common/libuepf-common.la userspace/lib/libuepf.la
