# uepf-host: host-side MSI-X checker built on libpci
bin_PROGRAMS += userspace/host/uepf-host
userspace_host_uepf_host_SOURCES = \
	userspace/host/host.h \
	userspace/host/main.c \
	userspace/host/msix-cap.c \
	userspace/host/bar.c \
	userspace/host/table.c \
	userspace/host/hostdrv.c \
	userspace/host/doorbell.c \
	userspace/host/check.c
userspace_host_uepf_host_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPCI_CFLAGS)
userspace_host_uepf_host_LDADD = userspace/common/libuepf-common.la $(LIBPCI_LIBS)
