"""Running Ura in production: webhook server, health and metrics, logs, graceful shutdown."""
