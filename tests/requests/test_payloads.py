"""A request's buttons spell what phones already hold."""

import pytest

from bot.core.callbacks import Payload
from bot.requests.model import CloseRequest, ForwardMenu, ForwardTo, OpenRequest, StartAnswer


@pytest.mark.parametrize(
    ("payload", "wire"),
    [
        (StartAnswer(3), "rqa:3"),
        (ForwardMenu(3), "rqf:3"),
        (ForwardTo(3, 41), "rqF:3.41"),
        (CloseRequest(3), "rqc:3"),
        (OpenRequest(3), "rqv:3"),
    ],
)
def test_each_button_spells_the_old_payload_and_reads_it_back(payload: Payload, wire: str) -> None:
    assert f"{payload.code}:{payload.arg}" == wire
    assert type(payload).parse(payload.arg) == payload


def test_a_malformed_forward_is_nobodys() -> None:
    assert ForwardTo.parse("3") is None
    assert ForwardTo.parse("3.x") is None
