"""Typed button payloads: one registry builds and parses every button, in the format phones
already hold."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest

from bot.alerts.model import Acknowledge
from bot.core.callbacks import CallbackSigner, Payload, payload_of
from bot.core.rendering import Button


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Rsvp(Payload, code="tst1"):
    meeting: int
    answer: Answer


@dataclass(frozen=True)
class Choice(Payload, code="tst2"):
    flow: str
    value: str = ""


@dataclass(frozen=True)
class Page(Payload, code="tst3"):
    group: int
    before: int = 0


def test_a_payload_is_spelled_as_the_buttons_already_on_phones():
    button = Button.press("Mora dijeni", Acknowledge(41))
    assert (button.action, button.arg) == ("ala", "41")
    assert Rsvp(7, Answer.NO).arg == "7.no"


def test_what_is_built_parses_back_to_the_same_payload():
    for payload in (Acknowledge(41), Rsvp(7, Answer.YES), Choice("alert", "guard.edit"), Page(3)):
        assert type(payload).parse(payload.arg) == payload


def test_the_last_text_field_keeps_its_dots():
    assert Choice.parse("alert.guard.edit") == Choice("alert", "guard.edit")


def test_an_empty_optional_text_is_left_out_and_read_back():
    assert Choice("alert").arg == "alert"
    assert Choice.parse("alert") == Choice("alert")
    assert Choice.parse("alert.") == Choice("alert"), "as phones may still hold it"


def test_an_optional_field_may_be_left_out():
    assert Page.parse("3") == Page(3, 0)
    assert Page.parse("3.120") == Page(3, 120)


@pytest.mark.parametrize("arg", ["", "x", "4.2", "-1", "1" * 19, "٣", "²", " 7"])
def test_a_malformed_record_number_is_nobodys_payload(arg):
    assert Acknowledge.parse(arg) is None


@pytest.mark.parametrize("arg", ["", "7", "7.maybe", "7.YES", "7.yes.more", "x.yes"])
def test_a_malformed_answer_is_nobodys_payload(arg):
    assert Rsvp.parse(arg) is None


def test_a_verified_press_reads_as_its_registered_payload():
    signer = CallbackSigner(b"k" * 32)
    data = signer.sign("tst1", Rsvp(9, Answer.YES).arg, chat_id=5)
    press = signer.verify(data, chat_id=5)
    assert press is not None
    assert payload_of(press) == Rsvp(9, Answer.YES)


def test_two_features_cannot_claim_one_code():
    with pytest.raises(ValueError, match="taken"):

        @dataclass(frozen=True)
        class Again(Payload, code="ala"):
            alert: int
