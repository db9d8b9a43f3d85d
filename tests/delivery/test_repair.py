"""Messages Telegram refuses are repaired, never dropped."""

from bot.delivery.repair import (
    TEXT_LIMIT,
    html_to_plain,
    repaired,
    shorten,
    split_plain,
    utf16_len,
)


def test_markup_becomes_the_text_the_reader_would_see() -> None:
    assert html_to_plain("<b>Kujdes</b> &amp; <i>shpejt</i> &lt;3") == "Kujdes & shpejt <3"


def test_long_text_is_split_on_lines_without_losing_a_character() -> None:
    lines = [f"rreshti {n} " + "x" * 90 for n in range(120)]
    text = "\n".join(lines)
    parts = split_plain(text)
    assert len(parts) > 1
    assert all(utf16_len(p) <= TEXT_LIMIT for p in parts)
    assert "".join(p.replace("\n", "") for p in parts) == text.replace("\n", "")


def test_split_counts_emoji_as_two_units_like_telegram() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    parts = split_plain(text)
    assert all(utf16_len(p) <= TEXT_LIMIT for p in parts)
    assert "".join(parts) == text


def test_unbroken_text_is_cut_anywhere() -> None:
    text = "a" * 9000
    assert "".join(split_plain(text)) == text


def test_shorten_marks_the_cut() -> None:
    cut = shorten("b" * 5000)
    assert utf16_len(cut) <= TEXT_LIMIT
    assert cut.endswith("…")
    assert shorten("short") == "short"


def test_a_file_with_a_caption_too_long_goes_without_it_and_the_text_follows() -> None:
    payload = {
        "text": "<b>Raport</b> " + "x" * 2000,
        "parse_mode": "HTML",
        "document": {"file_id": "F1"},
    }
    fix = repaired("document", payload, "too_long")
    assert fix is not None
    media, parts = fix
    assert media == {"document": {"file_id": "F1"}}
    assert "".join(p["text"] for p in parts) == "Raport " + "x" * 2000


def test_broken_markup_becomes_plain_and_long_text_keeps_its_buttons_on_the_last_part() -> None:
    buttons = [[{"label": "OK", "action": "a", "arg": "1"}]]
    plain, parts = repaired("text", {"text": "<b>a", "parse_mode": "HTML"}, "unparsable") or (
        {},
        [],
    )
    assert (plain, parts) == ({"text": "a", "parse_mode": None}, [])
    head, parts = repaired("text", {"text": "y " * 3000, "buttons": buttons}, "too_long") or (
        {},
        [],
    )
    assert "buttons" not in head
    assert parts[-1]["buttons"] == buttons
    assert repaired("text", {"text": "plain"}, "unparsable") is None
    assert repaired("text", {"text": "x"}, "failed") is None
