"""The privacy guard: spot personal identifiers in an alert's description before it is sent.

Alerts describe situations, not people; a phone number, an Albanian personal number, an
e-mail address or a home address in the text most likely names a victim or a minor. The
guard only warns (the sender decides), so it prefers catching too much to too little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Albanian personal number (NID): a letter, eight digits, a letter, e.g. J12345678A.
_PERSONAL_ID = re.compile(r"(?<![\w])[A-Za-z]\d{8}[A-Za-z](?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number starts with +, 00 or 0 (or 355) and has 9 to 15 digits, however spaced.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00|0|355)\d[\d \-./()]{6,20}\d(?![\w])")
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
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
    kind: str  # phone | personal_id | email | address
    text: str


def _phones(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        value = match.group(0).strip()
        digits = re.sub(r"\D", "", value)
        if 9 <= len(digits) <= 15 and not _DATE.match(value):
            found.append(value)
    return found


def find_identifiers(text: str) -> list[Finding]:
    """What in the text looks like it identifies a person, in order of appearance per kind."""
    findings: list[Finding] = []
    seen: set[str] = set()

    def add(kind: str, value: str) -> None:
        if value not in seen:
            seen.add(value)
            findings.append(Finding(kind, value))

    for value in _EMAIL.findall(text):
        add("email", value)
    without_emails = _EMAIL.sub(" ", text)
    for value in _PERSONAL_ID.findall(without_emails):
        add("personal_id", value)
    for value in _phones(_PERSONAL_ID.sub(" ", without_emails)):
        add("phone", value)
    for pattern in (_STREET, _DWELLING):
        for match in pattern.finditer(text):
            add("address", match.group(0).strip())
    return findings
