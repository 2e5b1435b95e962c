# rules for tests/vm (filled in by its owner)
