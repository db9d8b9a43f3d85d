"""What a person attached to a message, as the one Attachment type every feature stores."""

from __future__ import annotations

from telegram import Message

from bot.core.attachments import Attachment


def attachment_of(message: Message | None) -> Attachment | None:
    """A photo (its largest size), a document or a location; None for anything else."""
    if message is None:
        return None
    if message.photo:
        return Attachment.photo(message.photo[-1].file_id)
    if message.document is not None:
        return Attachment.document(message.document.file_id, message.document.file_name or "")
    if message.location is not None:
        return Attachment.location(message.location.latitude, message.location.longitude)
    return None
