# The simulated-board test harness (see tests/vm/run) and the VM suite.
VM_KERNEL ?= 6.1
EXTRA_DIST += tests/run-all tests/packages.txt tests/checkpatch tests/demo tests/vm/demo.sh tests/arm64-build tests/vm/kernel-known.re \
	tests/vm/run tests/vm/suite tests/vm/selftest tests/vm/build-kernel \
	tests/vm/stage-build tests/vm/make-initramfs tests/vm/lib.sh \
	tests/vm/tap.sh tests/vm/kernel.config tests/vm/kernel-errors.re \
	$(wildcard $(srcdir)/tests/vm/t-*.sh)

# The VM suite boots kernels it builds itself; it is not part of make check.
vm-check:
	$(srcdir)/tests/vm/selftest --kernel $(VM_KERNEL)
	$(srcdir)/tests/vm/suite --kernel $(VM_KERNEL)

check-matrix:
	$(srcdir)/tests/vm/suite --kernel 6.1
	$(srcdir)/tests/vm/suite --kernel 6.12
.PHONY: vm-check check-matrix

# uepf char device / ABI test programs (copied to /uepf/bin in the guest).
UEPF_VM_PROG_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/include/uapi
noinst_PROGRAMS += tests/vm/progs/uepf-info tests/vm/progs/uepf-raise \
	tests/vm/progs/uepf-events tests/vm/progs/uepf-abi \
	tests/vm/progs/uepf-hold tests/vm/progs/uepf-msix
tests_vm_progs_uepf_info_SOURCES = tests/vm/progs/uepf-info.c
tests_vm_progs_uepf_info_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_info_LDADD = userspace/lib/libuepf.la
tests_vm_progs_uepf_info_LDFLAGS = -static
tests_vm_progs_uepf_raise_SOURCES = tests/vm/progs/uepf-raise.c
tests_vm_progs_uepf_raise_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_raise_LDADD = userspace/lib/libuepf.la
tests_vm_progs_uepf_raise_LDFLAGS = -static
tests_vm_progs_uepf_events_SOURCES = tests/vm/progs/uepf-events.c
tests_vm_progs_uepf_events_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_events_LDADD = userspace/lib/libuepf.la
tests_vm_progs_uepf_events_LDFLAGS = -static
tests_vm_progs_uepf_abi_SOURCES = tests/vm/progs/uepf-abi.c
tests_vm_progs_uepf_abi_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_abi_LDFLAGS = -static
tests_vm_progs_uepf_hold_SOURCES = tests/vm/progs/uepf-hold.c
tests_vm_progs_uepf_hold_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_hold_LDFLAGS = -static
tests_vm_progs_uepf_msix_SOURCES = tests/vm/progs/uepf-msix.c
tests_vm_progs_uepf_msix_CPPFLAGS = $(UEPF_VM_PROG_CPPFLAGS)
tests_vm_progs_uepf_msix_LDADD = userspace/lib/libuepf.la
tests_vm_progs_uepf_msix_LDFLAGS = -static
