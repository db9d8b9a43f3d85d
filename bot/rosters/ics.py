"""One's own shifts as a calendar file (RFC 5545): each shift an event with a stable UID, so
importing a newer file replaces the shifts instead of doubling them."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.rosters.duty import Shift

FILENAME = "kujdestaria.ics"


def calendar_bytes(
    shifts: Sequence[tuple[Shift, str, int]], summary: str, zone: ZoneInfo, now: datetime
) -> bytes:
    """`shifts`: (shift, the sector's label, the rotation's id)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ura//Kujdestaria//SQ")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for shift, sector, rotation_id in shifts:
        event = Event()
        stamp = int(shift.starts_at.timestamp())
        event.add("uid", f"ura-duty-{rotation_id}-{shift.member_id}-{stamp}@ura")
        event.add("dtstamp", now)
        event.add("dtstart", shift.starts_at.astimezone(zone))
        event.add("dtend", shift.ends_at.astimezone(zone))
        event.add("summary", f"{summary}: {sector}")
        calendar.add_component(event)
    year = now.astimezone(zone).year
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return bytes(calendar.to_ical())


def attachment(
    shifts: Sequence[tuple[Shift, str, int]], summary: str, zone: ZoneInfo, now: datetime
) -> dict[str, str]:
    content = base64.b64encode(calendar_bytes(shifts, summary, zone, now)).decode()
    return {"content_b64": content, "filename": FILENAME}
