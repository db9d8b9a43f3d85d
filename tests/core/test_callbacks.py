"""Button payloads are signed for the chat they were sent to and fit Telegram's 64 bytes;
the key is Ura's own, rotated with a grace period for the previous one."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.callbacks import MAX_BYTES, CallbackSigner, Press

signer = CallbackSigner(b"123:secret")


def test_a_payload_verifies_in_its_own_chat() -> None:
    data = signer.sign("ar", "42", chat_id=1001)
    assert len(data.encode()) <= MAX_BYTES
    assert signer.verify(data, 1001) == Press("ar", "42")


def test_a_payload_copied_to_another_chat_is_refused() -> None:
    assert signer.verify(signer.sign("ar", "42", chat_id=1001), 1002) is None


@pytest.mark.parametrize(
    "forged", ["ar:43:AAAAAAAAAA", "ar:42", "", None, "x" * 65, "ar:42:sig:extra", "ar:42:"]
)
def test_forged_payloads_are_refused(forged: str | None) -> None:
    assert signer.verify(forged, 1001) is None


def test_changing_the_argument_breaks_the_signature() -> None:
    action, _arg, sig = signer.sign("ar", "42", chat_id=1001).split(":")
    assert signer.verify(f"{action}:43:{sig}", 1001) is None


@pytest.mark.parametrize("odd", ["ar:42:ÄÄÄÄÄÄÄÄÄÄ", "är:42:AAAAAAAAAA", "ar:4\u00a02:x", "ä" * 40])
def test_a_payload_with_non_ascii_characters_is_refused_quietly(odd: str) -> None:
    assert signer.verify(odd, 1001) is None
    assert signer.verify(odd, 1001, NOW) is None


NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def test_after_a_rotation_the_previous_key_works_until_its_grace_ends() -> None:
    rotating = CallbackSigner(b"old")
    old_button = rotating.sign("ar", "7", chat_id=5)
    rotating.use(b"new", [(b"old", NOW + timedelta(days=7))])
    new_button = rotating.sign("ar", "7", chat_id=5)
    assert new_button != old_button
    assert rotating.verify(new_button, 5, NOW) == Press("ar", "7")
    assert rotating.verify(old_button, 5, NOW + timedelta(days=6)) == Press("ar", "7")
    assert rotating.verify(old_button, 5, NOW + timedelta(days=7)) is None
    assert rotating.verify(old_button, 6, NOW) is None  # grace is no licence to copy


def test_another_token_makes_other_signatures() -> None:
    other = CallbackSigner(b"999:other")
    assert other.verify(signer.sign("ar", "1", 5), 5) is None


def test_oversized_payloads_are_refused_when_made() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        signer.sign("f", "x" * 60, chat_id=1)
    with pytest.raises(ValueError, match="reserved"):
        signer.sign("f", "a:b", chat_id=1)
