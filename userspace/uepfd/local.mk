# uepfd: the companion daemon (one per endpoint function), see doc/uepfd.8.
sbin_PROGRAMS += userspace/uepfd/uepfd
UEPFD_CORE_SOURCES = \
	userspace/uepfd/uepfd.h \
	userspace/uepfd/options.c \
	userspace/uepfd/log.c \
	userspace/uepfd/json.c \
	userspace/uepfd/ctl-parse.c \
	userspace/uepfd/state.c
userspace_uepfd_uepfd_SOURCES = $(UEPFD_CORE_SOURCES) \
	userspace/uepfd/fire.c \
	userspace/uepfd/loop.c \
	userspace/uepfd/ctl.c \
	userspace/uepfd/model-epf-test.c \
	userspace/uepfd/model-doorbell.c \
	userspace/uepfd/main.c
userspace_uepfd_uepfd_LDADD = userspace/lib/libuepf.la
noinst_HEADERS = include/uepf/ctl.h

# raw control-socket client for the VM tests (copied to /uepf/bin)
noinst_PROGRAMS += tests/vm/progs/uepfd-call
tests_vm_progs_uepfd_call_SOURCES = tests/vm/progs/uepfd-call.c
tests_vm_progs_uepfd_call_LDFLAGS = -static

# systemd unit template (shipped; installed when systemd's unit dir exists)
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = doc/uepfd@.service
EXTRA_DIST += doc/uepfd@.service doc/control-protocol.md
dist_man_MANS += doc/uepfd.8

# VM benchmark programs (tests/bench/vm-*, copied to /uepf/bin in the guest)
noinst_PROGRAMS += tests/vm/progs/uepf-bench-rtt tests/vm/progs/uepf-bench-unmask
tests_vm_progs_uepf_bench_rtt_SOURCES = tests/bench/vm-rtt.c
tests_vm_progs_uepf_bench_rtt_LDFLAGS = -static
tests_vm_progs_uepf_bench_unmask_SOURCES = tests/bench/vm-unmask.c
tests_vm_progs_uepf_bench_unmask_LDFLAGS = -static
EXTRA_DIST += tests/bench/vm-bench.sh
