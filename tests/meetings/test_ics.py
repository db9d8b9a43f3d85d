"""Calendar files: parsed back by icalendar, field by field, for a notice and a cancellation."""

import base64
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.meetings.ics import FILENAME, attachment, calendar_bytes
from storage.meetings import Meeting

TIRANE = ZoneInfo("Europe/Tirane")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def meeting(**changes: object) -> Meeting:
    values: dict[str, object] = {
        "uid": "1b2c@ura",
        "sequence": 0,
        "title": "Tryeza kombëtare; viti 2026",
        "starts_at": datetime(2027, 7, 1, 8, 0, tzinfo=UTC),  # summer: 10:00 in Tirana
        "duration_minutes": 120,
        "place": "https://meet.example/ura, salla 1",
        "agenda": "1. Raportet\n2. Të tjera",
        "status": "scheduled",
    }
    values.update(changes)
    return Meeting(**values)


def test_a_notice_round_trips_with_the_zone_and_every_field() -> None:
    calendar = Calendar.from_ical(calendar_bytes(meeting(), TIRANE, NOW))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Tirane"]
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=2)
    assert start == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 7, 1, 10, 0, tzinfo=UTC)
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["UID"]) == "1b2c@ura"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Tryeza kombëtare; viti 2026"
    assert str(event["LOCATION"]) == "https://meet.example/ura, salla 1"
    assert str(event["DESCRIPTION"]) == "1. Raportet\n2. Të tjera"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_cancellation_keeps_the_uid_and_says_cancel() -> None:
    calendar = Calendar.from_ical(
        calendar_bytes(meeting(status="cancelled", sequence=3), TIRANE, NOW)
    )
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (
        "1b2c@ura",
        3,
        "CANCELLED",
    )


def test_the_attachment_is_the_outbox_document_shape() -> None:
    document = attachment(meeting(), TIRANE, NOW)
    assert document["filename"] == FILENAME
    assert base64.b64decode(document["content_b64"]).startswith(b"BEGIN:VCALENDAR")
