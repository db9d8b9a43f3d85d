"""Calendar files (RFC 5545) for roundtables, so phones put them in the calendar.

One stable UID per meeting; each change raises SEQUENCE so a calendar replaces the entry
instead of adding a second; a cancellation is METHOD:CANCEL with STATUS:CANCELLED. Times go
out in the configured zone with its VTIMEZONE.

Every file names the coordinator's office as ORGANIZER (RFC 5546 requires it, and calendar
apps ignore a METHOD:CANCEL without it). ATTENDEE is left out of published notices (RFC 5546
forbids it in PUBLISH) and on a cancellation names only the one reader of that copy, which a
CANCEL of the whole event must include; nothing about the other invitees is ever included.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from bot.meetings.model import Status
from config.settings import Settings
from storage.meetings import Meeting

FILENAME = "tryeza.ics"


@dataclass(frozen=True)
class Organizer:
    """The coordinator's office, as calendars show who sent the event."""

    name: str
    email: str


@dataclass(frozen=True)
class Reader:
    """The member a cancellation's copy is for (its ATTENDEE)."""

    member_id: int
    name: str


DEFAULT_ORGANIZER = Organizer("Ura", "ura@ura.invalid")


def organizer_of(settings: Settings) -> Organizer:
    return Organizer(settings.organizer_name, settings.organizer_email)


def _organizer(organizer: Organizer) -> vCalAddress:
    address = vCalAddress(f"mailto:{organizer.email}")
    address.params["cn"] = organizer.name
    return address


def _attendee(reader: Reader) -> vCalAddress:
    address = vCalAddress(f"urn:x-ura:member:{reader.member_id}")
    address.params["cn"] = reader.name
    address.params["role"] = "REQ-PARTICIPANT"
    return address


def calendar_bytes(
    meeting: Meeting,
    zone: ZoneInfo,
    now: datetime,
    organizer: Organizer = DEFAULT_ORGANIZER,
    reader: Reader | None = None,
) -> bytes:
    cancelled = meeting.status == Status.CANCELLED
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
    event.add("organizer", _organizer(organizer))
    if cancelled and reader is not None:
        event.add("attendee", _attendee(reader))
    calendar.add_component(event)
    # The zone's VTIMEZONE (summer time included), around the meeting only, to keep it short.
    year = start.year
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return bytes(calendar.to_ical())


def attachment(
    meeting: Meeting,
    zone: ZoneInfo,
    now: datetime,
    organizer: Organizer = DEFAULT_ORGANIZER,
    reader: Reader | None = None,
) -> dict[str, str]:
    """The outbox's document shape: the bytes travel base64-encoded in the payload."""
    content = base64.b64encode(calendar_bytes(meeting, zone, now, organizer, reader)).decode()
    return {"content_b64": content, "filename": FILENAME}
