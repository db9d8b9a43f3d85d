"""Joining Ura: access requests (`access`), the welcome and the privacy notice."""
