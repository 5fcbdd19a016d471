"""What a council's IT team watches the service by: health and readiness answers, a request
id carried from the web into background jobs, structured logs and Prometheus metrics
(docs/adr/0024-operations-health-logs-metrics.md)."""
