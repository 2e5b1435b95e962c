# rules for doc (filled in by its owner)
