"""Pure renderers of roundtables: notices and cards, the /meeting questions, follow-ups."""
