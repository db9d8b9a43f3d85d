"""Pure renderers of alerts: the card, the raising flow, notices and the editors' screens."""
