# Benchmarks: `make bench` (not part of make check).
EXTRA_PROGRAMS = tests/bench/msix-bench
tests_bench_msix_bench_SOURCES = tests/bench/msix-bench.c
tests_bench_msix_bench_LDADD = userspace/lib/libuepf.la
# a real binary (not a libtool wrapper) so valgrind sees our code
tests_bench_msix_bench_LDFLAGS = -static
EXTRA_DIST += tests/bench/run-bench.sh
CLEANFILES += tests/bench/msix-bench$(EXEEXT)

bench: tests/bench/msix-bench$(EXEEXT)
	$(SHELL) $(srcdir)/tests/bench/run-bench.sh tests/bench/msix-bench$(EXEEXT)

# VM benchmark (uepfd vs in-kernel pci-epf-test on vepc), see tests/bench/vm-bench.sh
vm-bench:
	$(srcdir)/tests/vm/run --kernel $(VM_KERNEL) $(srcdir)/tests/bench/vm-bench.sh
.PHONY: vm-bench
