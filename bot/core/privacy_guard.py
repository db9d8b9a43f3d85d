"""The privacy guard: spot personal identifiers in a text before it is sent.

Alerts, notes, referral reasons, updates, replies and agendas describe situations, not
people; a phone number, an Albanian personal number, an e-mail address, a plate, an IBAN, a
passport number, a date of birth, a social-media handle or profile, or a home address most
likely names a victim or a minor. The guard only warns (the writer decides), so it prefers
catching too much to too little, but it leaves alone what names no person: ages, times,
sums, dates of events and court case numbers (`0123/2024/456`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spaces people paste from documents and phones: no-break, narrow no-break, thin, figure.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})

# Albanian personal number (NID): a letter, eight digits, a letter, e.g. J12345678A, also
# written in groups: J 1234 5678 A, J-1234-5678-A.
_PERSONAL_ID = re.compile(r"(?<![\w])[A-Za-z][ -]?\d{4}[ -]?\d{4}[ -]?[A-Za-z](?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Written so that a machine would not read it: ana [at] gmail.com, ana(at)gmail[dot]com,
# ana @ gmail.com, ana at gmail dot com.
_AT = r"(?:\s*[\[({]\s*(?:at|et|@)\s*[\])}]\s*|\s+@\s*|\s*@\s+|\s+(?:at|et)\s+)"
_DOT = r"(?:\s*[\[({]\s*(?:dot|pik[eë])\s*[\])}]\s*|\s+(?:dot|pik[eë])\s+|\.)"
_TLD = r"(?:com|al|net|org|it|gr|de|uk|eu|info|edu|gov|io|me)"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b", re.IGNORECASE
)
# A phone number starts with +, 00 or 0 (or 355) and has 9 to 15 digits, however spaced;
# an Albanian mobile may also be written without its 0 (69 123 4567). A "/" is no
# separator: 0123/2024/456 is a court case number.
_PHONE = re.compile(r"(?<![\w+/])(?:\+|00|0|355)\d[\d \-.()]{6,20}\d(?![\w/])")
_MOBILE = re.compile(r"(?<![\w+/])6[6-9][ .-]?\d{3}[ .-]?\d{2}[ .-]?\d{2}(?![\w/])")
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
# Plates: AA 123 BB (since 2011), and the older TR 1234 A.
_PLATE = re.compile(r"(?<![\w])[A-Z]{2}[ -]?(?:\d{3}[ -]?[A-Z]{2}|\d{4}[ -]?[A-Z])(?![\w])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w])")
_PASSPORT = re.compile(
    r"\b(?:pasaport\w*|passport)\b\W{0,3}(?:(?:nr|no|numër|numri|number)\.?\W{0,3})?"
    r"[A-Z0-9]{6,9}\b"
    r"|(?<![\w])[A-Z]{2}\d{7}(?![\w])",
    re.IGNORECASE,
)
_BIRTH_DATE = re.compile(
    r"\b(?:dat[eë]lindj\w*|data e lindjes|(?:i |e )?lindur(?: m[eë]| n[eë])?|born(?: on| in)?"
    r"|d\.?o\.?b\.?|date of birth)\W{0,3}(?:vitin )?"
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)
_PROFILE = re.compile(
    r"(?:https?://)?(?:www\.|m\.|web\.)?"
    r"(?:facebook\.com|fb\.com|instagram\.com|tiktok\.com|twitter\.com|x\.com|t\.me"
    r"|wa\.me|snapchat\.com|linkedin\.com|vk\.com)/[\w.@%?=&/-]+",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z][\w.]{2,31}(?<!\.)")
_STREET = re.compile(
    r"\b(?:rruga|rr\.|lagj(?:j)?a|lagjen|lagjes|bulevardi|blv\.?|street|st\.|road|avenue)"
    r"\s+[^\n,;]{1,40}?\d+",
    re.IGNORECASE,
)
_DWELLING = re.compile(
    r"\b(?:pallati|shkalla|apartamenti|ap\.|apt\.?|apartment|flat|house no\.?|shtëpia nr\.?)"
    r"\s*(?:nr\.?\s*)?\d+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    # phone | personal_id | email | address | plate | iban | passport | birth_date
    # | handle | profile
    kind: str
    text: str


def _phones(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        value = match.group(0).strip()
        digits = re.sub(r"\D", "", value)
        if 9 <= len(digits) <= 15 and not _DATE.match(value):
            found.append(value)
    return found + [m.group(0) for m in _MOBILE.finditer(_PHONE.sub(" ", text))]


def find_identifiers(text: str) -> list[Finding]:
    """What in the text looks like it identifies a person, in order of appearance per kind."""
    findings: list[Finding] = []
    seen: set[str] = set()

    def add(kind: str, value: str) -> None:
        value = value.strip()
        if value not in seen:
            seen.add(value)
            findings.append(Finding(kind, value))

    rest = text.translate(_SPACES)
    # Each kind is taken out of the text once found, so its digits are not read again as
    # another kind (an IBAN as a phone, a profile link's name as a handle).
    for kind, pattern in (
        ("profile", _PROFILE),
        ("email", _EMAIL),
        ("email", _OBFUSCATED_EMAIL),
        ("iban", _IBAN),
        ("birth_date", _BIRTH_DATE),
        ("passport", _PASSPORT),
        ("personal_id", _PERSONAL_ID),
        ("plate", _PLATE),
        ("handle", _HANDLE),
    ):
        for match in pattern.finditer(rest):
            add(kind, match.group(0))
        rest = pattern.sub(" ", rest)
    for value in _phones(rest):
        add("phone", value)
    for pattern in (_STREET, _DWELLING):
        for match in pattern.finditer(rest):
            add("address", match.group(0))
    return findings
