"""The privacy guard, table-driven: real-shaped texts with an identifier are caught (with its
kind), texts that describe a situation are left alone."""

from __future__ import annotations

import pytest

from bot.core.privacy_guard import find_identifiers

NBSP, NNBSP = "\u00a0", "\u202f"

CAUGHT: list[tuple[str, str]] = [
    # phones
    ("Nëna e saj ka numrin 069 123 4567", "phone"),
    (f"tel. 069{NBSP}123{NBSP}4567", "phone"),
    (f"telefononi në 068{NNBSP}234{NNBSP}5678", "phone"),
    ("numri i saj është 69 123 4567", "phone"),
    ("cel: 67 234 56 78", "phone"),
    ("kontakt 692345678", "phone"),
    ("+355 69 123 4567", "phone"),
    ("00355-68-234-5678", "phone"),
    ("355691234567 është numri", "phone"),
    ("fiksi 04 223 4567", "phone"),
    ("thirrni (069) 123-45-67", "phone"),
    ("WhatsApp +39 347 123 4567 në Itali", "phone"),
    # personal numbers
    ("numri personal J12345678A", "personal_id"),
    ("NID: J 1234 5678 A", "personal_id"),
    ("nr. personal k-1234-5678-b", "personal_id"),
    ("ID e saj: I98765432K", "personal_id"),
    # e-mails
    ("shkruani te ana.hoxha@gmail.com", "email"),
    ("ana [at] gmail.com", "email"),
    ("ana(at)yahoo.com", "email"),
    ("besa @ hotmail.com", "email"),
    ("arta at gmail dot com", "email"),
    ("drita[at]outlook[dot]com", "email"),
    # plates
    ("makina me targë AA 123 BB", "plate"),
    ("targa AB-456-CD u pa në port", "plate"),
    ("një furgon TR 1234 A", "plate"),
    ("mjeti AA123BB ishte i bardhë", "plate"),
    # IBANs
    ("paratë në AL47 2121 1009 0000 0002 3569 8741", "iban"),
    ("IBAN AL35202111090000000001234567", "iban"),
    ("transfertë te IT60 X054 2811 1010 0000 0123 456", "iban"),
    # passports
    ("pasaporta nr. BA1234567", "passport"),
    ("passport no: AB7654321", "passport"),
    ("me pasaportë BC9876543 u nis", "passport"),
    # dates of birth
    ("datëlindja 12.03.2009", "birth_date"),
    ("e lindur më 05/11/2010", "birth_date"),
    ("i lindur në vitin 2008", "birth_date"),
    ("born 2009-04-03", "birth_date"),
    ("DOB: 01.02.2011", "birth_date"),
    ("data e lindjes: 3.4.2012", "birth_date"),
    # handles and profiles
    ("e kontaktoi @ana_hoxha2009", "handle"),
    ("në Telegram @besa.k", "handle"),
    ("profili facebook.com/ana.hoxha.9", "profile"),
    ("https://www.instagram.com/drita_2010/", "profile"),
    ("shkruan nga t.me/punetalia", "profile"),
    ("tiktok.com/@vajza.e.bukur", "profile"),
    ("wa.me/355691234567", "profile"),
    # addresses
    ("jeton në Rruga e Kavajës 112", "address"),
    ("Lagjja 5, pallati 12, shkalla 3", "address"),
]

LEFT_ALONE: list[str] = [
    "A girl of about 15 was seen near the port of Durrës at 23:30 on 21.11.2026.",
    "Tre të rinj iu ofrua punë në Itali me pagë 2000 euro; autobusi niset të hënën.",
    "Ofertë pune në rrjete sociale, rreth 10 vajza 16-17 vjeç kanë aplikuar.",
    "Çështja penale nr. 0123/2024/456 u dërgua në gjykatë.",
    "Vendimi 0456/2023/789 i Gjykatës së Durrësit",
    "Dosja 1234/2025 është ende e hapur.",
    "Takimi u shty nga 12.11.2026 në 19.11.2026.",
    "Në vitin 2024 u identifikuan 120 viktima të mundshme.",
    "Fondi prej 1 500 000 lekësh u miratua.",
    "Linja e gjelbër 116 111 është falas.",
    "Policia thirri 112 dhe 129.",
    "Meet at school. Then go home.",
    "Rreth 25 fëmijë u takuan në qendrën komunitare.",
    "Ora 09:30, salla 2, kati 3.",
    "Buxheti 2026: 3.500.000 lekë.",
    "Ligji nr. 10 192, datë 3.12.2009",
    "Vajza ka lindur në Durrës dhe jeton me gjyshen.",
    "Një autobus me 40 pasagjerë u ndalua në Kakavijë.",
    "Raporti i tremujorit T3 2026 është gati.",
    "Shihni faqen e komitetit në www.shqiperia.gov.al për udhëzimet.",
    "",
]


@pytest.mark.parametrize(("text", "kind"), CAUGHT)
def test_an_identifier_is_caught_with_its_kind(text: str, kind: str) -> None:
    assert kind in [f.kind for f in find_identifiers(text)], find_identifiers(text)


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_a_situation_without_a_person_passes(text: str) -> None:
    assert find_identifiers(text) == []


def test_the_table_is_large_enough() -> None:
    assert len(CAUGHT) + len(LEFT_ALONE) >= 60


def test_an_iban_is_not_also_read_as_a_phone() -> None:
    found = find_identifiers("AL47 2121 1009 0000 0002 3569 8741")
    assert [f.kind for f in found] == ["iban"]


def test_every_guarded_form_step_is_a_text_step_of_a_real_form() -> None:
    from bot.alerts import forms as alert_parse
    from bot.core.text_guard import GUARDED
    from bot.exchange import updates
    from bot.meetings import followups, rules

    forms = [
        alert_parse.NOTE_FLOW,
        alert_parse.RESOLVE_FLOW,
        alert_parse.REFER_FLOW,
        alert_parse.DECLINE_FLOW,
        updates.FLOW,
        rules.FLOW,
        followups.FLOW,
    ]
    text_steps = {(f.name, s.name) for f in forms for s in f.steps if s.kind == "text"}
    assert text_steps >= GUARDED
    assert ("meeting", "agenda") in GUARDED
    assert ("exchange", "text") in GUARDED


def test_a_held_answer_comes_back_only_when_kept() -> None:
    from bot.core import text_guard
    from storage.members import Draft

    draft = Draft(telegram_user_id=1, flow="meeting", step="agenda", data={"title": "T"})
    assert text_guard.hold(draft, "1. Rastet\n2. Strehimi") == []
    assert [f.kind for f in text_guard.hold(draft, "Ftoni Anën: 069 123 4567")] == ["phone"]
    held = text_guard.release(draft, text_guard.KEEP)
    assert held is not None
    assert (held.text, held.reply_to) == ("Ftoni Anën: 069 123 4567", None)
    assert draft.data == {"title": "T"}, "nothing held any more"
    text_guard.hold(draft, "069 123 4567")
    assert text_guard.release(draft, text_guard.EDIT) is None
    assert draft.data == {"title": "T"}
