"""The rosters' buttons spell what phones already hold."""

import pytest

from bot.core.callbacks import Payload
from bot.core.flows import Choice
from bot.core.rendering import Button
from bot.rosters import prompts
from bot.rosters.model import (
    AddCover,
    AnswerSwap,
    Calendar,
    EditRotation,
    HoursPreset,
    OfferSwap,
    OfferTo,
    Period,
    PickHours,
    SetHours,
    ShowRegion,
)


@pytest.mark.parametrize(
    ("payload", "wire"),
    [
        (ShowRegion(2), "rdut:2"),
        (EditRotation(2), "rrot:2"),
        (AddCover(9), "rcov:9"),
        (OfferSwap(9), "rsw:9"),
        (OfferTo(9, 31), "rswo:9.31"),
        (AnswerSwap(5, 1), "rswa:5.1"),
        (AnswerSwap(5, 0), "rswa:5.0"),
        (Calendar(2), "rcal:2"),
        (PickHours(2), "rhrs:2"),
        (SetHours(2, HoursPreset.NIGHTS_ONLY), "rhrp:2.nights"),
        (Choice("roster_rotation", "pick", "h0800"), "f:roster_rotation.pick.h0800"),
        (Choice("roster_cover", "start", "1"), "f:roster_cover.start.1"),
    ],
)
def test_each_button_spells_the_old_payload_and_reads_it_back(payload: Payload, wire: str) -> None:
    assert f"{payload.code}:{payload.arg}" == wire
    assert type(payload).parse(payload.arg) == payload


def test_the_editor_keeps_its_old_values() -> None:
    from datetime import time

    def t(lang: str | None, key: str, **values: object) -> str:
        return key

    reply = prompts.rotation_editor(t, "en", "police", [], [], Period.WEEKLY, time(8))  # type: ignore[arg-type]
    data = {f"{b.action}:{b.arg}" for row in reply.buttons for b in row if isinstance(b, Button)}
    assert "f:roster_rotation.pick.pweekly" in data
    assert "f:roster_rotation.pick.h0700" in data
    assert "f:roster_rotation.pick.save" in data
