# rules for userspace/host (filled in by its owner)
