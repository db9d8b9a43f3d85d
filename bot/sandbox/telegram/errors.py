"""Bot API error objects, worded exactly as the real Telegram Bot API words them."""

from __future__ import annotations

from typing import Any

DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
KICKED = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
NOT_MEMBER = "Forbidden: bot is not a member of the group chat"
NOT_MEMBER_SUPERGROUP = "Forbidden: bot is not a member of the supergroup chat"
LEAVE_PRIVATE = "Bad Request: chat member status can't be changed in private chats"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """A Bot API failure: serialised as ``{"ok": false, "error_code": ..., ...}``."""

    def __init__(
        self, error_code: int, description: str | None = None, retry_after: int | None = None
    ) -> None:
        if description is None:
            description = DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        if error_code == 429 and retry_after is None:
            self.retry_after = 1

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """A 400 error with the ``Bad Request: `` prefix Telegram uses."""
    return ApiError(400, f"Bad Request: {reason}")


def too_many(retry_after: int) -> ApiError:
    """A 429 flood-wait error."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
