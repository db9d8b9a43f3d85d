"""Roundtable cards stay within Telegram's limits at a roundtable of everyone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.meetings.invitees import Answer
from bot.meetings.render.attendance import attendance_card, attendance_page
from bot.meetings.render.cards import notice, organiser_card
from storage.meetings import Meeting, MeetingInvitee
from storage.members import Member

TIRANE = ZoneInfo("Europe/Tirane")
RESPONSES = ("yes", "no", "maybe", None)


def roundtable() -> Meeting:
    return Meeting(
        id=7,
        uid="x@ura",
        sequence=0,
        title="T" * 160,
        starts_at=datetime(2026, 12, 3, 9, tzinfo=UTC),
        duration_minutes=90,
        place="P" * 300,
        agenda="A" * 1500,
        status="scheduled",
    )


def crowd(count: int) -> list[Answer]:
    return [
        Answer(
            Member(id=100 + n, display_name=f"Anëtari <{n:03}> Qendra Kombëtare", status="active"),
            MeetingInvitee(
                meeting_id=7, member_id=100 + n, response=RESPONSES[n % 4], attended=n % 5 == 0
            ),
        )
        for n in range(count)
    ]


def test_the_organisers_card_of_a_large_roundtable_fits_one_message() -> None:
    card = organiser_card(Translator(), "sq", roundtable(), TIRANE, crowd(300))
    assert len(card.text) < 4096
    assert "✅ Vijnë: 75 · ❌ Nuk vijnë: 75 · ❔ Ndoshta: 75 · ⏳ Pa përgjigje: 75" in card.text
    assert "të tjerë" in card.text, "the names that do not fit are counted, not dropped silently"
    assert "&lt;000&gt;" in card.text, "names are escaped"
    assert card.buttons


def test_a_small_roundtable_lists_everyone_by_answer() -> None:
    card = organiser_card(Translator(), "en", roundtable(), TIRANE, crowd(4))
    assert "✅ Anëtari &lt;000&gt;" in card.text
    assert "⏳ Anëtari &lt;003&gt;" in card.text
    assert "more" not in card.text


def test_the_attendance_sheet_goes_page_by_page_within_the_keyboard_limit() -> None:
    people = crowd(70)
    first = attendance_card(Translator(), "sq", roundtable(), people)
    assert sum(len(row) for row in first.buttons) <= 100
    assert "Të pranishëm: 14/70" in first.text
    assert [b.label for b in first.buttons[-1]] == ["2/3 ▶️"]
    assert first.buttons[-1][0].arg == "7.1"
    last = attendance_card(Translator(), "sq", roundtable(), people, page=2)
    assert [b.label for b in last.buttons[-1]] == ["◀️ 2/3"]
    assert last.buttons[0][0].arg == "7.160"
    assert attendance_page(people, 165) == 2


def test_a_cancelled_notice_has_no_buttons() -> None:
    meeting = roundtable()
    meeting.status = "cancelled"
    reply = notice(Translator(), "sq", meeting, TIRANE, "yes")
    assert reply.buttons == ()
    assert "anulua" in reply.text
