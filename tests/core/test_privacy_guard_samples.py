"""The privacy guard catches identifiers in an alert's description and leaves situations be."""

import pytest

from bot.core.privacy_guard import find_identifiers


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_identifiers(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Call her mother on 069 123 4567",
        "numri +355 69 123 4567",
        "tel: 0682345678",
        "nr 00355-68-234-5678",
        "landline 04 223 4567",
    ],
)
def test_phone_numbers_are_caught(text: str) -> None:
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("nid", ["J12345678A", "i98765432k"])
def test_albanian_personal_numbers_are_caught(nid: str) -> None:
    findings = find_identifiers(f"Vajza me numër personal {nid} u pa në stacion.")
    assert [(f.kind, f.text) for f in findings] == [("personal_id", nid)]


def test_email_addresses_are_caught() -> None:
    assert kinds("shkruani te ana.hoxha+1@example.al sot") == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "jeton në Rruga e Kavajës 112",
        "Lagjja 5, pallati 12, shkalla 3",
        "lives at Baker Street 221",
    ],
)
def test_exact_home_addresses_are_caught(text: str) -> None:
    assert "address" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "A girl of about 15 was seen near the port of Durrës at 23:30 on 21.11.2026.",
        "Tre të rinj iu ofrua punë në Itali me pagë 2000 euro; autobusi niset të hënën.",
        "Ofertë pune në rrjete sociale, rreth 10 vajza 16-17 vjeç kanë aplikuar.",
        "",
    ],
)
def test_a_plain_description_of_a_situation_passes(text: str) -> None:
    assert find_identifiers(text) == []


def test_several_findings_are_all_reported_once() -> None:
    text = "069 123 4567, again 069 123 4567, ID K11223344B, mail x@y.com"
    assert sorted(kinds(text)) == ["email", "personal_id", "phone"]
