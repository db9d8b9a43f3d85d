"""The alert card's buttons in every state, for every kind of reader: exactly which buttons
(their labels' keys and payloads), so a change to one state's buttons shows here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.alerts.model import (
    Acknowledge,
    Refer,
    Release,
    Resolve,
    Status,
    TakeAction,
    WriteNote,
)
from bot.alerts.render.card import card
from bot.alerts.views import AlertView
from bot.core.callbacks import Payload
from bot.core.i18n import Translator
from bot.core.permissions import Role
from storage.alerts import Alert, AlertRecipient
from storage.members import Group, Member

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALERT = 41
t = Translator()

SENDER, FIRST, FRESH, HOLDER, ACKED, COORDINATOR, COORDINATOR_HOLDER, STRANGER = range(1, 9)

ACK = ("alert.button.ack", Acknowledge(ALERT))
ALSO = ("flows.alert.button.also", Acknowledge(ALERT))
ACT = ("alert.button.act", TakeAction(ALERT))
NOTE = ("alert.button.note", WriteNote(ALERT))
REFER = ("alert.button.refer", Refer(ALERT))
RELEASE = ("alert.button.release", Release(ALERT))
RESOLVE = ("alert.button.resolve", Resolve(ALERT))


def member(member_id: int, role: Role = Role.COMMITTEE) -> Member:
    return Member(
        id=member_id,
        telegram_user_id=1000 + member_id,
        display_name=f"Person {member_id}",
        role=role,
        agency="police",
        language="en",
        status="active",
    )


def row(member_id: int, acknowledged: bool = False, acting: bool = False) -> AlertRecipient:
    return AlertRecipient(
        alert_id=ALERT,
        member_id=member_id,
        reason="routed",
        created_at=NOW,
        acknowledged_at=NOW if acknowledged or acting else None,
        acting_since=NOW if acting else None,
    )


def view(status: Status) -> AlertView:
    """The alert in a state: FIRST acknowledged it first (from ACKNOWLEDGED on), HOLDER and
    COORDINATOR_HOLDER act on it (IN_ACTION on), ACKED acknowledged it too, FRESH has not."""
    alert = Alert(
        id=ALERT,
        raised_by_member_id=SENDER,
        group_id=3,
        category="child_at_risk",
        urgency="urgent",
        description="A child alone at the bus station.",
        status=status,
        escalation_level=0,
        created_at=NOW - timedelta(minutes=5),
        closing_note="done" if status == Status.RESOLVED else None,
    )
    taken = status != Status.OPEN
    acting = status in (Status.IN_ACTION, Status.RESOLVED)
    rows = [
        row(FIRST, acknowledged=taken),
        row(FRESH),
        row(ACKED, acknowledged=taken),
        row(HOLDER, acting=acting),
        row(COORDINATOR_HOLDER, acting=acting),
    ]
    return AlertView(
        alert=alert,
        region=Group(id=3, slug="durres", name="Durrës", kind="committee"),
        sender=member(SENDER),
        recipients={r.member_id: r for r in rows},
        acknowledged_by="Person 2" if taken else None,
        acknowledged_by_id=FIRST if taken else None,
    )


READERS = {
    "sender": member(SENDER),
    "first acknowledger": member(FIRST),
    "recipient not yet acknowledged": member(FRESH),
    "recipient who acknowledged too": member(ACKED),
    "acting holder": member(HOLDER),
    "coordinator": member(COORDINATOR, Role.COORDINATOR),
    "coordinator acting": member(COORDINATOR_HOLDER, Role.COORDINATOR),
    "non-recipient": member(STRANGER),
}

EXPECTED: dict[Status, dict[str, list[tuple[str, Payload]]]] = {
    Status.OPEN: {
        "sender": [],
        "first acknowledger": [ACK, ACT],  # nobody has acknowledged it yet
        "recipient not yet acknowledged": [ACK, ACT],
        "recipient who acknowledged too": [ACK, ACT],
        "acting holder": [ACK, ACT],
        "coordinator": [ACK, ACT, RESOLVE],  # steps in without being a recipient
        "coordinator acting": [ACK, ACT, RESOLVE],
        "non-recipient": [],
    },
    Status.ACKNOWLEDGED: {
        "sender": [],
        "first acknowledger": [ACT],
        "recipient not yet acknowledged": [ALSO, ACT],  # someone else acknowledged first
        "recipient who acknowledged too": [ACT],
        "acting holder": [ALSO, ACT],  # in this state nobody acts yet
        "coordinator": [ALSO, ACT, RESOLVE],
        "coordinator acting": [ALSO, ACT, RESOLVE],
        "non-recipient": [],
    },
    Status.IN_ACTION: {
        "sender": [],
        "first acknowledger": [ACT],
        "recipient not yet acknowledged": [ALSO, ACT],
        "recipient who acknowledged too": [ACT],
        "acting holder": [NOTE, REFER, RELEASE],
        "coordinator": [ALSO, ACT, RESOLVE],
        "coordinator acting": [NOTE, REFER, RELEASE, RESOLVE],
        "non-recipient": [],
    },
    Status.RESOLVED: {reader: [] for reader in READERS},  # a closed card has no buttons
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("reader", list(READERS))
def test_the_card_shows_each_reader_exactly_its_buttons(status: Status, reader: str) -> None:
    shown = card(t, "en", view(status), READERS[reader], NOW, ZoneInfo("Europe/Tirane"))
    buttons = [(b.label, b.action, b.arg) for line in shown.buttons for b in line]
    expected = [(str(t("en", key)), p.code, p.arg) for key, p in EXPECTED[status][reader]]
    assert buttons == expected


def test_a_card_read_by_nobody_in_particular_has_no_buttons() -> None:
    """A copy whose reader is unknown (e.g. a group chat's) never offers a press."""
    shown = card(t, "en", view(Status.OPEN), None, NOW, ZoneInfo("Europe/Tirane"))
    assert shown.buttons == ()
