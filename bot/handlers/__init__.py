"""Channel adapters: translate to and from ``Inbound`` / ``Reply``, nothing more."""
