"""The exchange's words as types: its buttons spell exactly what phones already hold, and the
log stores every attachment in the one shape, whatever shape a feature hands it."""

from datetime import UTC, datetime

from bot.core.attachments import Attachment
from bot.core.i18n import Translator
from bot.core.rendering import Button
from bot.exchange.model import LinkGroup, OlderPage, RepliesGroup, RepliesTo, SetReplies
from bot.exchange.render import messages
from bot.exchange.render.links import replies_card
from bot.log import entries
from storage.db import SessionFactory
from storage.members import Group

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
t = Translator()


def _wire(button: Button) -> str:
    return f"{button.action}:{button.arg}"


def test_the_exchange_buttons_keep_their_codes_and_arguments() -> None:
    assert _wire(Button.press("x", OlderPage(3, 120))) == "exh:3.120"
    assert _wire(Button.press("x", OlderPage(0, 55))) == "exh:0.55"  # 0: all the caller reads
    assert _wire(Button.press("x", LinkGroup(7))) == "exl:7"
    assert _wire(Button.press("x", RepliesGroup(7))) == "exq:7"
    assert _wire(Button.press("x", SetReplies(4, RepliesTo.AUTHOR))) == "exr:4.0"
    assert _wire(Button.press("x", SetReplies(4, RepliesTo.GROUP))) == "exr:4.1"
    assert OlderPage.parse("12.345") == OlderPage(12, 345)
    assert SetReplies.parse("4.1") == SetReplies(4, RepliesTo.GROUP)
    assert SetReplies.parse("4.2") is None
    assert OlderPage.parse("x.1") is None


def test_the_replies_card_offers_both_settings() -> None:
    group = Group(id=9, slug="durres", name="Durrës", kind="committee")
    card = replies_card(t, "sq", group, RepliesTo.GROUP)
    assert [_wire(b) for row in card.buttons for b in row] == ["exr:9.0", "exr:9.1"]


def test_the_update_group_picker_answers_as_before() -> None:
    groups = [Group(id=n, slug=f"g{n}", name=f"G{n}", kind="committee") for n in (3, 5)]
    picker = messages.group_prompt(t, "sq", groups, True, ["5"])
    sent = {_wire(b) for row in picker.buttons for b in row}
    assert sent == {f"f:exchange.group.{v}" for v in ("3", "5", "all", "done")}
    labels = [b.label for row in picker.buttons for b in row]
    assert "✅ G5" in labels
    assert "G3" in labels
    one = messages.group_prompt(t, "sq", groups, False)
    assert {_wire(b) for row in one.buttons for b in row} == {
        "f:exchange.group.3",
        "f:exchange.group.5",
    }


async def test_the_log_stores_attachments_in_the_one_shape(sessions: SessionFactory) -> None:
    given = [
        Attachment.photo("AgAD"),
        {"type": "location", "latitude": 41.3, "longitude": 19.8},  # a request's older shape
        {"file_id": "BQAD", "filename": "a.pdf"},  # a broadcast's older shape
        {"kind": "document", "file_id": "BQAE"},  # an alert's
    ]
    async with sessions.begin() as session:
        entry = await entries.record(
            session, NOW, kind="update", sender=None, group_ids=[], topic=None, text="t",
            attachments=given,
        )  # fmt: skip
        newer = await entries.new_version(session, NOW, entry, text="t2")
    expected = [
        {"kind": "photo", "file_id": "AgAD"},
        {"kind": "location", "latitude": 41.3, "longitude": 19.8},
        {"kind": "document", "file_id": "BQAD", "filename": "a.pdf"},
        {"kind": "document", "file_id": "BQAE"},
    ]
    assert entry.attachments == expected
    assert newer.attachments == expected
    shown = [Attachment.from_json(a) for a in expected]
    assert [a.reply().location or a.reply().photo or a.reply().document for a in shown if a] == [
        {"file_id": "AgAD"},
        {"latitude": 41.3, "longitude": 19.8},
        {"file_id": "BQAD", "filename": "a.pdf"},
        {"file_id": "BQAE"},
    ]
