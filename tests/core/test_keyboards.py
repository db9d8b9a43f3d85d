"""Every keyboard Ura renders fits Telegram's 64-byte callback data, with the longest names
allowed (group names of 80 characters, the largest ids): payloads carry ids, never names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.alerts.render import flow as alert_flow
from bot.alerts.render.card import category_choices, region_choices, urgency_choices
from bot.broadcasts.render import messages as broadcast_render
from bot.core.callbacks import MAX_BYTES, CallbackSigner
from bot.core.i18n import Translator
from bot.core.labels import agency_choices, group_choices, prompt
from bot.core.parse import MAX_ID
from bot.core.permissions import Role
from bot.core.rendering import Button, Reply
from bot.exchange.render import messages as exchange
from bot.meetings.render import cards
from bot.meetings.render import flow as meeting_flow
from bot.onboarding import render
from storage.members import Group, Member

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LONGEST = "Ë" * 80  # the longest group name a coordinator may give: 160 bytes in UTF-8
CHAT = -1_009_999_999_999  # the longest chat id Telegram gives (a supergroup's)
t = Translator()


def groups() -> list[Group]:
    return [
        Group(id=MAX_ID - n, slug="ë" * 80, name=LONGEST[:-1] + str(n), kind="committee")
        for n in range(3)
    ]


def coordinator() -> Member:
    return Member(id=MAX_ID, role=Role.COORDINATOR, display_name=LONGEST, groups=groups())


def keyboards() -> Iterator[tuple[str, Reply]]:
    many = groups()
    for name, choices in (
        ("group_choices", group_choices(many)),
        ("region_choices", region_choices(many, coordinator())),
        ("agency_choices", agency_choices(t, "sq")),
        ("category_choices", category_choices(t, "sq")),
        ("urgency_choices", urgency_choices(t, "en")),
    ):
        for flow_step in ("invite.group", "alert.region", "access.region", "exchange.group"):
            yield (
                f"prompt({name}, {flow_step})",
                prompt(t, "sq", "flow.cancel_hint", choices, flow_step),
            )
    chosen = {str(g.id) for g in many}
    yield "broadcast group_picker", broadcast_render.group_picker(t, "sq", many, chosen)
    yield (
        "meeting group_picker",
        meeting_flow.group_picker(t, "sq", many, list(chosen), coordinator()),
    )
    yield "exchange group_prompt", exchange.group_prompt(t, "sq", many, True, list(chosen))
    yield "exchange group_prompt (member)", exchange.group_prompt(t, "sq", many, False)
    yield "access_question", render.access_question(t, "sq", "region", many)
    yield "alert edit_menu", alert_flow.edit_menu(t, "sq")
    yield "alert attachment_prompt", alert_flow.attachment_prompt(t, "sq")
    yield "rsvp_buttons", Reply("", cards.rsvp_buttons(t, "sq", MAX_ID))


@pytest.mark.parametrize(
    ("name", "reply"), list(keyboards()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_button_payload_fits_whatever_the_names(name: str, reply: Reply) -> None:
    signer = CallbackSigner(b"secret")
    buttons: list[Button] = [b for row in reply.buttons for b in row if b.url is None]
    assert buttons, f"{name} has buttons"
    for button in buttons:
        data = signer.sign(button.action, button.arg, CHAT)
        assert len(data.encode()) <= MAX_BYTES, f"{name}: {data}"
        assert LONGEST[:10] not in button.arg, f"{name} carries a name, not an id"
