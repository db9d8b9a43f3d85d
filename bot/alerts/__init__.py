"""Alerts about people at risk: raising (`rules`, `forms`), routing and escalation,
working on an alert together (`presses`, `work`, `referrals`), timers, and `notify`, the one
place that decides who gets which message about an alert."""
