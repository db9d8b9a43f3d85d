"""Alerts: raising, routing, acknowledgment, escalation, referrals, the card."""
