# rules for tests/vm (filled in by its owner)

# uepf char device / ABI test programs (copied to /uepf/bin in the guest).
UEPF_VM_PROG_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/include/uapi
noinst_PROGRAMS += tests/vm/progs/uepf-info tests/vm/progs/uepf-raise \
	tests/vm/progs/uepf-events tests/vm/progs/uepf-abi \
	tests/vm/progs/uepf-hold
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
