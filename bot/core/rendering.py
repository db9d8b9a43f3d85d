"""Plain message shapes: what a renderer returns and the outbox stores; no Telegram types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.callbacks import Payload


@dataclass(frozen=True)
class Button:
    """An inline button: a signed callback (action + argument) or a link."""

    label: str
    action: str = ""
    arg: str = ""
    url: str | None = None

    @classmethod
    def press(cls, label: str, payload: Payload) -> Button:
        """A button whose press carries this typed payload (signed when it is sent)."""
        return cls(label, payload.code, payload.arg)

    def to_json(self) -> dict[str, str]:
        if self.url is not None:
            return {"label": self.label, "url": self.url}
        return {"label": self.label, "action": self.action, "arg": self.arg}


@dataclass(frozen=True)
class Reply:
    """One message in HTML, with optional buttons, or one attachment with a short caption.

    document: {"file_id"}, {"content_b64", "filename"} or {"path", "filename"} (a temporary
    file); photo: {"file_id"}; location: {"latitude", "longitude"} (a location message
    carries no text). `forget`: blank the outbox copy (and delete a file) once sent.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: dict[str, Any] | None = field(default=None)
    photo: dict[str, Any] | None = field(default=None)
    location: dict[str, Any] | None = field(default=None)
    forget: bool = False

    @property
    def kind(self) -> str:
        for kind in ("document", "photo", "location"):
            if getattr(self, kind) is not None:
                return kind
        return "text"

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.text, "parse_mode": "HTML"}
        if self.buttons:
            payload["buttons"] = [[b.to_json() for b in row] for row in self.buttons]
        if self.kind != "text":
            payload[self.kind] = getattr(self, self.kind)
        if self.forget:
            payload["forget"] = True
        return payload


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out for a phone screen: a few per row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
