# rules for userspace/uepfctl (filled in by its owner)
