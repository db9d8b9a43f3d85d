"""Running Ura as a service: processes, signals, webhook, health, metrics, scale-out."""
