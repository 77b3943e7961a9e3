"""Keys, encryption at rest and keyed hashes for look-ups, passwords, and masking of
identifiers in free text."""
