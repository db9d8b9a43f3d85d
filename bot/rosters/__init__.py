"""Duty rosters: who answers tonight, per region and sector.

Public face: ``duty`` (the pure "who is on duty at t"), ``rules`` (rotations, covers, swaps, who
answers an alert first), ``notify`` (reminders, gaps, swap offers: who hears what), ``render``
(pure), ``forms``, ``ics`` and ``model``."""
