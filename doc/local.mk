# rules for doc (filled in by its owner)

# uepf-host (host helper)
dist_man_MANS += doc/uepf-host.8
EXTRA_DIST += doc/host-check.md

# uepf char device and configfs (epf/uepf)
dist_man_MANS += doc/uepf.4
EXTRA_DIST += doc/configfs.md

# virtual endpoint controller (epf/vepc)
EXTRA_DIST += doc/vepc.md doc/architecture.md

# libuepf MSI-X core
dist_man_MANS += doc/libuepf.3

# uepfctl (userspace/uepfctl)
dist_man_MANS += doc/uepfctl.8

# kernel portability and board bring-up (issue 8)
EXTRA_DIST += doc/portability.md doc/boards.md
