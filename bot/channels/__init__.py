"""Channels beyond Telegram: e-mail as a second channel and signed outgoing webhooks, each with
its own durable rows and a small sender beside the delivery engine (worker.py)."""
