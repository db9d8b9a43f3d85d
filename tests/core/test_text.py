"""People write places with or without ë/ç and in any case; free text is kept within limits."""

import pytest

from bot.core.text import clean_line, fold


@pytest.mark.parametrize("written", ["Durrës", "durres", "DURRËS", " durrës "])
def test_place_names_fold_to_one_key(written: str) -> None:
    assert fold(written) == "durres"


def test_cedilla_and_diaeresis_fold() -> None:
    assert fold("Korçë") == fold("korce") == "korce"
    assert fold("Gjirokastër") == "gjirokaster"


def test_clean_line_strips_controls_and_collapses_space() -> None:
    assert clean_line("  Alba \x00 Hoxha\n ", 50) == "Alba Hoxha"


@pytest.mark.parametrize("bad", ["", "   ", "\x00", "x" * 51])
def test_clean_line_refuses_empty_or_long(bad: str) -> None:
    assert clean_line(bad, 50) is None
