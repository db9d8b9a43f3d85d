"""The catalogs read as an Albanian official writes: a check that fails on wording, not only keys.

It reads every .po file of both languages (other features' files too) and rejects the calques
and mixed terms a review found, Albanian typed without ë/ç, and a number beside a noun outside a
plural entry (which would print "1 anëtarë" or "1 members").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core.i18n import LOCALES

# (pattern, why) — matched case-insensitively against Albanian texts.
BANNED_SQ: tuple[tuple[str, str], ...] = (
    (r"qasje", "access request is «kërkesë për anëtarësim»"),
    (r"\balarm", "alert is «sinjalizim»"),
    (r"konfirm", "acknowledge is «Mora dijeni» / «marrë në dijeni»"),
    (r"paraparje", "preview is «Parapamje»"),
    (r"\berdhe\b", "formal «ju»: «Mirë se erdhët»"),
    (r"lëshoj|lëshoi|lëshua", "release is «Heq dorë»"),
    (r"të dështuarit", "people are not «the losers»"),
    (r"paarritshëm|paarritshme", "unreachable is «nuk merr mesazhe»"),
    (r"agjenci", "police and schools are a «sektor», not an «agjenci»"),
    (r"\bju lutem\b", "an institution writes «Ju lutemi»"),
    (r"\btakim", "roundtable is «tryezë»"),
    (r"bashkëngjit|skedar", "attachment is «shtojcë»"),
    (r"\bngri(?:t|)\b|\bngrit", "raise an alert is «dërgo një sinjalizim»"),
    (r"e identifikuar", "a potential victim is not an identified one"),
    (
        r"\b(?:kapërce|vazhdo|anulo|dërgo|ndrysho|prano|refuzo|mirato|referoje)\b",
        "a button speaks formally too: «Kapërceni», «Vazhdoni»",
    ),
    (r"\brajon(?!al)", "one of the twelve is a «qark»; «rajonal» only in the committee's name"),
)
BANNED_EN: tuple[tuple[str, str], ...] = (
    (r"\bagenc(?:y|ies)\b", "the same word as the Albanian «sektor»"),
    (r"\bunreachable\b", "«not receiving messages», as in Albanian"),
    (r"\baccess request\b", "«membership request», as in Albanian"),
    (r"\bmeeting\b", "a roundtable is a roundtable"),
)
# Words Albanians type without ë/ç on a phone; in a catalog they are mistakes.
ASCII_SQ = re.compile(
    r"\b(?:eshte|nje|per|cfare|jane|mund te|tjeter|femije|pergjigj\w*|perditesim\w*|"
    r"shenim\w*|anetar\w*|afer|keshtu)\b",
    re.IGNORECASE,
)
# A number placeholder followed by a word: that word changes with the number.
NUMBER_BESIDE_WORD = re.compile(r"\{(?:count|n)\}\s+(?!min\b)[^\W\d_]", re.UNICODE)
MARKUP = re.compile(r"<code>.*?</code>|<[^>]+>|\{\w+\}|/\w+|https?://\S+", re.DOTALL)


def catalog_texts(language: str) -> list[tuple[str, str, bool]]:
    """(file:key, text, is_plural) for every message of every .po file of the language."""
    found: list[tuple[str, str, bool]] = []
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            key = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
            # A plural entry, or one form of a count written out per plural category (the
            # reports' "<3" reads as several, which gettext's rules cannot say).
            plural = isinstance(message.id, tuple | list) or key.endswith((".one", ".other"))
            several = isinstance(message.string, tuple | list)
            forms = message.string if several else (message.string,)
            found.extend((f"{path.name}:{key}", str(form), plural) for form in forms if form)
    return found


def prose(text: str) -> str:
    """What a reader reads: without markup, code samples, commands and placeholders."""
    return MARKUP.sub(" ", text)


def wording_faults(language: str, texts: list[tuple[str, str, bool]]) -> list[str]:
    faults: list[str] = []
    banned = BANNED_SQ if language == "sq" else BANNED_EN
    for where, text, plural in texts:
        readable = prose(text)
        for pattern, why in banned:
            if re.search(pattern, readable, re.IGNORECASE):
                faults.append(f"{where}: {pattern!r} — {why}")
        if not plural and NUMBER_BESIDE_WORD.search(text):
            faults.append(f"{where}: a number beside a word outside a plural entry")
        if language == "sq":
            if ASCII_SQ.search(readable):
                faults.append(f"{where}: Albanian typed without ë/ç: {ASCII_SQ.search(readable)}")
            words = re.findall(r"[^\W\d_]{3,}", readable)
            if len(words) >= 9 and not re.search("[ëçËÇ]", readable):
                faults.append(f"{where}: nine words and not one ë or ç — English, or typed bare?")
    return faults


@pytest.mark.parametrize("language", ["sq", "en"])
def test_the_catalogs_keep_the_terminology(language: str) -> None:
    texts = catalog_texts(language)
    assert len(texts) > 300, "the scan found the catalogs"
    assert wording_faults(language, texts) == []


@pytest.mark.parametrize(
    ("text", "plural", "fault"),
    [
        ("Kërkesë për qasje #{id}", False, "qasje"),
        ("Do të merrni alarmet e grupeve tuaja.", False, "alarm"),
        ("✅ Konfirmo", False, "konfirm"),
        ("5/5 <b>Paraparje</b>", False, "paraparje"),
        ("👋 Mirë se erdhe në Ura, {name}!", False, "erdhe"),
        ("🔓 Lëshoje", False, "lëshoj"),
        ("🔁 Ridërgo te të dështuarit", False, "dështuarit"),
        (" ⚠️ i paarritshëm", False, "paarritshëm"),
        ("Diçka shkoi keq. Ju lutem provoni përsëri.", False, "ju lutem"),
        ("Ftesa u dërgua te {count} anëtarë.", False, "plural"),
        ("Kjo eshte nje mesazh per ju", False, "ë/ç"),
        ("Please write the whole message in English here and press send", False, "nine words"),
    ],
)
def test_the_check_catches_what_the_review_found(text: str, plural: bool, fault: str) -> None:
    faults = wording_faults("sq", [("sample:key", text, plural)])
    assert any(fault in found.lower() for found in faults), faults


def test_the_check_lets_plain_good_albanian_pass() -> None:
    good = [
        ("a", "✅ Sinjalizimi #{id} u dërgua te {count} persona.", True),
        ("b", "Shkruani p.sh. <code>/alert durres femije urgjent …</code>", False),
        ("c", "Ju lutemi zgjidhni një nga butonat më sipër.", False),
        ("d", "{n} min", False),
    ]
    assert wording_faults("sq", good) == []


def test_english_check_catches_mixed_terms() -> None:
    faults = wording_faults("en", [("x", "⚠️ unreachable", False), ("y", "{count} rows", False)])
    assert len(faults) == 2, faults


def test_catalog_files_are_all_read() -> None:
    names = {path.name for path in Path(LOCALES / "sq" / "LC_MESSAGES").glob("*.po")}
    assert {"ura.po", "alerts.po", "broadcast.po", "exchange.po", "meetings.po"} <= names
