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
	tests/unit/test-msix-diff \
	tests/unit/test-msix-adopt
check_PROGRAMS += $(MSIX_UNIT_TESTS)
TESTS += $(MSIX_UNIT_TESTS)

tests_unit_test_msix_layout_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_rules_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_api_LDADD = $(UNIT_MSIX_LDADD)
# white-box: reaches a use count of 2^32-1 through the private header
tests_unit_test_msix_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userspace/lib
tests_unit_test_msix_state_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_diff_LDADD = $(UNIT_MSIX_LDADD)
# white-box: compares the private mask shadow with the live table
tests_unit_test_msix_adopt_LDADD = $(UNIT_MSIX_LDADD)
tests_unit_test_msix_adopt_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userspace/lib

# uepf-host against config-space dumps (host helper's files: tests/unit/host-*)
TESTS += tests/unit/host-dump.sh
EXTRA_DIST += tests/unit/host-dump.sh tests/unit/host-mkdump.awk tests/unit/host-layouts.spec

# uepfctl bad arguments against a scratch configfs tree (uepfctl's owner)
TESTS += tests/unit/test-uepfctl-args.sh
EXTRA_DIST += tests/unit/test-uepfctl-args.sh

# uepfd: option, control-request and state-file parsing (uepfd's owner)
UEPFD_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userspace/uepfd
UEPFD_UNIT_TESTS = tests/unit/test-uepfd-opts tests/unit/test-uepfd-ctl \
	tests/unit/test-uepfd-state
check_PROGRAMS += $(UEPFD_UNIT_TESTS)
TESTS += $(UEPFD_UNIT_TESTS)
tests_unit_test_uepfd_opts_SOURCES = tests/unit/test-uepfd-opts.c $(UEPFD_CORE_SOURCES)
tests_unit_test_uepfd_opts_CPPFLAGS = $(UEPFD_UNIT_CPPFLAGS)
tests_unit_test_uepfd_opts_LDADD = userspace/lib/libuepf.la
tests_unit_test_uepfd_ctl_SOURCES = tests/unit/test-uepfd-ctl.c $(UEPFD_CORE_SOURCES)
tests_unit_test_uepfd_ctl_CPPFLAGS = $(UEPFD_UNIT_CPPFLAGS)
tests_unit_test_uepfd_ctl_LDADD = userspace/lib/libuepf.la
tests_unit_test_uepfd_state_SOURCES = tests/unit/test-uepfd-state.c $(UEPFD_CORE_SOURCES)
tests_unit_test_uepfd_state_CPPFLAGS = $(UEPFD_UNIT_CPPFLAGS)
tests_unit_test_uepfd_state_LDADD = userspace/lib/libuepf.la
# real binaries (not libtool wrappers) so valgrind sees our code
tests_unit_test_uepfd_opts_LDFLAGS = -static
tests_unit_test_uepfd_ctl_LDFLAGS = -static
tests_unit_test_uepfd_state_LDFLAGS = -static
