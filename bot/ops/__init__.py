"""Running the service: Prometheus metrics and gauges, the audit log, log redaction,
background loops and the one backoff rule every retry uses."""
