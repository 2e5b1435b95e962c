# rules for userspace/uepfd (filled in by its owner)
