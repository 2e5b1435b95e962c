# rules for tests/unit (filled in by its owner)

# uepf-host against config-space dumps (host helper's files: tests/unit/host-*)
TESTS += tests/unit/host-dump.sh
EXTRA_DIST += tests/unit/host-dump.sh tests/unit/host-mkdump.awk tests/unit/host-layouts.spec
