# Kernel modules, built by kbuild against --with-linux.  kbuild writes its
# objects next to the sources, so the sources are mirrored into the build
# directory first (this keeps VPATH builds and a read-only srcdir working).
KMOD_DIRS = epf/vepc epf/uepf tests/host-driver
KMOD_FILES = \
	epf/compat.h \
	epf/vepc/Kbuild epf/vepc/vepc.h epf/vepc/vepc-internal.h \
	epf/vepc/vepc-main.c epf/vepc/vepc-window.c epf/vepc/vepc-dma.c \
	epf/vepc/vepc-epc.c epf/vepc/vepc-outbound.c epf/vepc/vepc-raise.c \
	epf/vepc/vepc-cfg.c epf/vepc/vepc-bridge.c epf/vepc/vepc-link.c \
	epf/vepc/vepc-msi.c epf/vepc/vepc-events.c epf/vepc/vepc-ext.c \
	epf/vepc/vepc-debugfs.c \
	epf/uepf/Kbuild epf/uepf/pci-epf-uepf.c epf/uepf/uepf.h \
	epf/uepf/uepf-cfs.c epf/uepf/uepf-cdev.c \
	tests/host-driver/Kbuild tests/host-driver/uepf-host-test.c \
	include/uapi/linux/uepf.h
EXTRA_DIST += $(KMOD_FILES)

KBUILD_MIRROR = $(abs_top_builddir)/kbuild
KMAKE = $(MAKE) -C $(LINUX_OBJ) $(if $(KARCH),ARCH=$(KARCH)) \
	$(if $(KCROSS_COMPILE),CROSS_COMPILE=$(KCROSS_COMPILE))

if WITH_LINUX
all-local: modules

modules: $(addprefix $(srcdir)/,$(KMOD_FILES)) epf/kconfig.h
	@for f in $(KMOD_FILES); do \
		mkdir -p $(KBUILD_MIRROR)/$$(dirname $$f); \
		cmp -s $(srcdir)/$$f $(KBUILD_MIRROR)/$$f || cp $(srcdir)/$$f $(KBUILD_MIRROR)/$$f; \
	done
	@mkdir -p $(KBUILD_MIRROR)/epf
	@cmp -s epf/kconfig.h $(KBUILD_MIRROR)/epf/kconfig.h || cp epf/kconfig.h $(KBUILD_MIRROR)/epf/kconfig.h
	+@for d in $(KMOD_DIRS); do \
		$(KMAKE) M=$(KBUILD_MIRROR)/$$d modules || exit 1; \
	done
	@for d in $(KMOD_DIRS); do cp $(KBUILD_MIRROR)/$$d/*.ko . || exit 1; done

clean-local: clean-modules
clean-modules:
	-for d in $(KMOD_DIRS); do $(KMAKE) M=$(KBUILD_MIRROR)/$$d clean; done
	-rm -f *.ko
	-rm -rf $(KBUILD_MIRROR)
else
modules:
	@echo "no kernel tree: run configure --with-linux=DIR to build the modules" >&2; exit 1
clean-modules:
endif
# outside the conditional: tests/vm/local.mk declares .PHONY unconditionally
.PHONY: modules clean-modules
DISTCLEANFILES = epf/kconfig.h
