"""Calendar files (RFC 5545) for roundtables, so phones put them in the calendar.

One stable UID per meeting; each change raises SEQUENCE so a calendar replaces the entry
instead of adding a second; a cancellation is METHOD:CANCEL with STATUS:CANCELLED. Times go
out in the configured zone with its VTIMEZONE, and nothing about invitees is included.
"""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from storage.meetings import Meeting

FILENAME = "tryeza.ics"


def calendar_bytes(meeting: Meeting, zone: ZoneInfo, now: datetime) -> bytes:
    cancelled = meeting.status == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", "-//Ura//Tryeza//SQ")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    start = meeting.starts_at.astimezone(zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    event.add("location", meeting.place)
    event.add("description", meeting.agenda)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    # The zone's VTIMEZONE (summer time included), around the meeting only, to keep it short.
    year = start.year
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return bytes(calendar.to_ical())


def attachment(meeting: Meeting, zone: ZoneInfo, now: datetime) -> dict[str, str]:
    """The outbox's document shape: the bytes travel base64-encoded in the payload."""
    content = base64.b64encode(calendar_bytes(meeting, zone, now)).decode()
    return {"content_b64": content, "filename": FILENAME}
