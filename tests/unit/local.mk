# rules for tests/unit (filled in by its owner)
