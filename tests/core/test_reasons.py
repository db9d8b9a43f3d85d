"""Telegram's English refusals become a reason in the reader's language, with a next step."""

import pytest

from bot.core.i18n import Translator
from bot.core.reasons import delivery_reason


@pytest.mark.parametrize(
    ("raw", "albanian"),
    [
        ("Forbidden: bot was blocked by the user", "kërkojini të shtypë /start"),
        ("Forbidden: user is deactivated", "fshirë ose çaktivizuar"),
        ("Bad Request: chat not found", "nuk e ka nisur ende bisedën"),
        ("Forbidden: bot was kicked from the group chat", "shkruani /link"),
        ("gave up: Timed out", "provoni «Ridërgoni» më vonë"),
        ("Bad Request: something new", "njoftoni administratorin teknik"),
    ],
)
def test_each_refusal_reads_as_albanian_with_what_to_do(raw: str, albanian: str) -> None:
    said = delivery_reason(Translator(), "sq", raw)
    assert albanian in said
    assert raw not in said


def test_english_readers_get_the_english_reason() -> None:
    said = delivery_reason(Translator(), "en", "Forbidden: bot was blocked by the user")
    assert said.startswith("has blocked Ura")
