"""The delivery engine and outbox: pacing, retries, uncertain sends."""
