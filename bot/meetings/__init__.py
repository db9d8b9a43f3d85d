"""Roundtables (tryeza): convening (`rules`, `audience`, `chairs`), moves, reminders,
follow-up actions, calendar files, and `notify`, the one place that writes a meeting's
messages to the outbox."""
