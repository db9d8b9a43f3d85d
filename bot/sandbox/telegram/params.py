"""Request decoding (query string, urlencoded, multipart, JSON) and shared validation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .entities import trim, utf16_len
from .errors import (
    BUTTON_DATA_INVALID,
    CAPTION_TOO_LONG,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    ApiError,
    bad_request,
)
from .html import HtmlParseError, parse_html

# Fields that are always strings, even when they look like numbers or JSON.
STRING_FIELDS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "description",
        "short_description",
        "title",
        "language_code",
        "inline_message_id",
        "file_id",
        "url",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "document",
        "photo",
        "audio",
        "video",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "action",
        "emoji",
        "question",
        "first_name",
        "last_name",
        "phone_number",
        "address",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "name",
        "query_id",
        "switch_pm_text",
        "switch_pm_parameter",
        "message_effect_id",
        "start_parameter",
        "payload",
        "provider_token",
        "currency",
        "invite_link",
        "custom_title",
    ]
)
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content: bytes
    content_type: str | None


def _decode(name: str, value: str) -> Any:
    if name in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """All parameters of a Bot API call plus uploaded file parts (by part name)."""
    params: dict[str, Any] = {k: _decode(k, v) for k, v in request.query.items()}
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if isinstance(body, dict):
                params.update(body)
        return params, uploads
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, str):
            params[name] = _decode(name, value)
        elif isinstance(value, web.FileField):
            uploads[name] = Upload(value.filename, value.file.read(), value.content_type)
        else:
            uploads[name] = Upload(None, bytes(value), None)
    return params, uploads


def require(params: dict[str, Any], name: str) -> Any:
    """A mandatory parameter, or Telegram's 'X is empty' error."""
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(f"{name} is empty")
    return value


def formatted(
    params: dict[str, Any], key: str, caption: bool = False
) -> tuple[str, str, list[dict[str, Any]]]:
    """Apply parse_mode to ``params[key]``: (plain text, raw text, entities), length-checked."""
    raw = params.get(key)
    raw = "" if raw is None else str(raw)
    mode = str(params.get("parse_mode") or "")
    entities: list[dict[str, Any]] = []
    if mode.lower() == "html":
        try:
            text, entities = parse_html(raw)
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode and mode.lower() not in ("markdown", "markdownv2"):
        raise bad_request(f"unsupported parse_mode {mode}")
    else:
        text = raw
        given = params.get(f"{key}_entities" if caption else "entities")
        entities = list(given) if isinstance(given, list) else []
    text, entities = trim(text, entities)
    if caption:
        if utf16_len(text) > MAX_CAPTION:
            raise ApiError(400, CAPTION_TOO_LONG)
    else:
        if not text:
            raise ApiError(400, TEXT_EMPTY)
        if utf16_len(text) > MAX_TEXT:
            raise ApiError(400, TEXT_TOO_LONG)
    return text, raw, entities


def reply_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """Validated ``reply_markup`` (inline keyboards: callback_data 1..64 bytes)."""
    markup = params.get("reply_markup")
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" must be '
            "an Array of Arrays"
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Text must be a String")
            if "callback_data" in button:
                data = str(button["callback_data"]).encode("utf-8")
                if not 1 <= len(data) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, BUTTON_DATA_INVALID)
            elif len(button) == 1:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
    return markup
