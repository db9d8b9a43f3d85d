"""Broadcasts: recipients, sending, scheduling, the delivery report."""
