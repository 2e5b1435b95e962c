# Unit tests (no kernel needed): TAP programs run by `make check`.
UNIT_MSIX_LDADD = tests/unit/libmsixfx.a userspace/lib/libuepf.la
check_LIBRARIES = tests/unit/libmsixfx.a
tests_unit_libmsixfx_a_SOURCES = \
	tests/unit/tap.h \
	tests/unit/msix-fixture.c tests/unit/msix-fixture.h \
	tests/unit/msix-model.c tests/unit/msix-model.h

MSIX_UNIT_TESTS = \
	tests/unit/test-msix-layout \
	tests/unit/test-msix-rules \
	tests/unit/test-msix-api \
	tests/unit/test-msix-state \
	tests/unit/test-msix-diff
check_PROGRAMS += $(MSIX_UNIT_TESTS)
TESTS += $(MSIX_UNIT_TESTS)

tests_unit_test_msix_layout_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_rules_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_api_LDADD = $(UNIT_MSIX_LDADD)
# white-box: reaches a use count of 2^32-1 through the private header
tests_unit_test_msix_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userspace/lib
tests_unit_test_msix_state_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_diff_LDADD = $(UNIT_MSIX_LDADD)

# uepf-host against config-space dumps (host helper's files: tests/unit/host-*)
TESTS += tests/unit/host-dump.sh
EXTRA_DIST += tests/unit/host-dump.sh tests/unit/host-mkdump.awk tests/unit/host-layouts.spec

# uepfctl bad arguments against a scratch configfs tree (uepfctl's owner)
TESTS += tests/unit/test-uepfctl-args.sh
EXTRA_DIST += tests/unit/test-uepfctl-args.sh
