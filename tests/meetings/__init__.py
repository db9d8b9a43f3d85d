"""Roundtables: notices, answers, moves, reminders, follow-ups, calendar files."""
