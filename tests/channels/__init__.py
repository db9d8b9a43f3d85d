"""E-mail and outgoing webhooks."""
