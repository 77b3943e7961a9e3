"""Keys, encryption at rest and keyed hashes for look-ups."""
