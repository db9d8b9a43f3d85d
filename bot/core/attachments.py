"""One attachment, whatever feature carries it: a photo, a document or a location.

Stored everywhere as ``{"kind": "photo"|"document"|"location", ...}``: alerts, the exchange log,
broadcasts and monitoring requests. `from_json` also reads the two older shapes
(``{"type": ...}`` in the log and requests, a bare ``{"file_id", "filename"}`` on broadcasts), so
a row written before migration 0013 still shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.rendering import Reply


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    LOCATION = "location"


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    file_id: str = ""  # Telegram's id of a photo or document
    filename: str = ""  # a document's name, when it has one
    latitude: float = 0.0
    longitude: float = 0.0

    @classmethod
    def photo(cls, file_id: str) -> Attachment:
        return cls(AttachmentKind.PHOTO, file_id=file_id)

    @classmethod
    def document(cls, file_id: str, filename: str = "") -> Attachment:
        return cls(AttachmentKind.DOCUMENT, file_id=file_id, filename=filename)

    @classmethod
    def location(cls, latitude: float, longitude: float) -> Attachment:
        return cls(AttachmentKind.LOCATION, latitude=latitude, longitude=longitude)

    def to_json(self) -> dict[str, Any]:
        if self.kind is AttachmentKind.LOCATION:
            return {"kind": str(self.kind), "latitude": self.latitude, "longitude": self.longitude}
        data: dict[str, Any] = {"kind": str(self.kind), "file_id": self.file_id}
        if self.filename:
            data["filename"] = self.filename
        return data

    @classmethod
    def from_json(
        cls, data: dict[str, Any] | None, default: AttachmentKind = AttachmentKind.DOCUMENT
    ) -> Attachment | None:
        """The stored attachment, or None (nothing stored, or blanked by retention)."""
        if not data:
            return None
        raw = data.get("kind", data.get("type"))
        kind = AttachmentKind(str(raw)) if raw in AttachmentKind._value2member_map_ else default
        if kind is AttachmentKind.LOCATION:
            if "latitude" not in data or "longitude" not in data:
                return None
            return cls.location(float(data["latitude"]), float(data["longitude"]))
        if not data.get("file_id"):
            return None
        return cls(kind, file_id=str(data["file_id"]), filename=str(data.get("filename") or ""))

    def reply(self, caption: str = "") -> Reply:
        """The attachment as its own message (a location carries no caption)."""
        if self.kind is AttachmentKind.LOCATION:
            return Reply("", location={"latitude": self.latitude, "longitude": self.longitude})
        media: dict[str, Any] = {"file_id": self.file_id}
        if self.kind is AttachmentKind.PHOTO:
            return Reply(caption, photo=media)
        if self.filename:
            media["filename"] = self.filename
        return Reply(caption, document=media)
