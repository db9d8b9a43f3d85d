"""Bot API methods that send, edit or delete messages (the ones flood limits count)."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from typing import Any

from .errors import EDIT_NOT_FOUND, LEAVE_PRIVATE, NOT_MODIFIED, ApiError, bad_request
from .params import Upload, formatted, reply_markup, require
from .state import FakeChat, FakeFile, FakeMessage
from .world import World

Params = dict[str, Any]
Uploads = dict[str, Upload]
Method = Callable[[World, Params, Uploads], Any]


def _reply_target(world: World, chat: FakeChat, p: Params) -> FakeMessage | None:
    reply = p.get("reply_parameters")
    if isinstance(reply, dict):
        message_id = reply.get("message_id")
        source_chat = reply.get("chat_id", chat.id)
        allow = bool(reply.get("allow_sending_without_reply"))
    elif p.get("reply_to_message_id"):
        message_id, source_chat = p["reply_to_message_id"], chat.id
        allow = bool(p.get("allow_sending_without_reply"))
    else:
        return None
    target = world.find_message(source_chat, message_id)
    if target is None and not allow:
        raise bad_request("message to be replied not found")
    return target


def _new(world: World, chat: FakeChat, p: Params, **fields: Any) -> FakeMessage:
    message = FakeMessage(
        message_id=world.next_message_id(chat),
        chat=chat,
        sender=world.bot,
        from_bot=True,
        reply_to=_reply_target(world, chat, p),
        disable_notification=bool(p.get("disable_notification")),
        **fields,
    )
    return world.store(message)


def send_message(world: World, p: Params, up: Uploads) -> Any:
    """sendMessage."""
    chat = world.writable_chat(require(p, "chat_id"))
    text, raw, entities = formatted(p, "text")
    markup = reply_markup(p)
    preview = p.get("link_preview_options")
    fields = {"text": text, "html": raw, "entities": entities, "reply_markup": markup}
    message = _new(world, chat, p, link_preview_options=preview, **fields)
    return message.to_dict()


def _media_file(world: World, p: Params, up: Uploads, field: str) -> FakeFile:
    value = p.get(field)
    upload = up.get(field)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = up.get(value[len("attach://") :])
    if upload is not None:
        name = upload.filename or field
        if field == "photo":
            return world.add_file(
                upload.content,
                "photos",
                "photo.jpg",
                mime_type="image/jpeg",
                width=1280,
                height=960,
            )
        mime = upload.content_type or mimetypes.guess_type(name)[0]
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return world.add_file(upload.content, "documents", name, mime_type=mime)
    if value is None or value == "":
        raise bad_request(f"there is no {field} in the request")
    if str(value) in world.files:
        return world.files[str(value)]
    if str(value).startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    raise bad_request("wrong file identifier/HTTP URL specified")


def send_document(world: World, p: Params, up: Uploads) -> Any:
    """sendDocument."""
    chat = world.writable_chat(require(p, "chat_id"))
    stored = _media_file(world, p, up, "document")
    text, raw, entities = formatted(p, "caption", caption=True)
    fields = {"text": text, "html": raw, "entities": entities, "reply_markup": reply_markup(p)}
    return _new(world, chat, p, document=stored, **fields).to_dict()


def send_photo(world: World, p: Params, up: Uploads) -> Any:
    """sendPhoto (returns a small and a large PhotoSize of the same bytes)."""
    chat = world.writable_chat(require(p, "chat_id"))
    big = _media_file(world, p, up, "photo")
    small = world.add_file(big.content, "photos", "thumb.jpg", width=90, height=68)
    text, raw, entities = formatted(p, "caption", caption=True)
    fields = {"text": text, "html": raw, "entities": entities, "reply_markup": reply_markup(p)}
    return _new(world, chat, p, photo=[small, big], **fields).to_dict()


def send_location(world: World, p: Params, up: Uploads) -> Any:
    """sendLocation."""
    chat = world.writable_chat(require(p, "chat_id"))
    try:
        location = {"latitude": float(p["latitude"]), "longitude": float(p["longitude"])}
    except (KeyError, TypeError, ValueError):
        raise bad_request("wrong latitude or longitude specified") from None
    return _new(world, chat, p, location=location, reply_markup=reply_markup(p)).to_dict()


def _source(world: World, p: Params, verb: str) -> FakeMessage:
    world.resolve_chat(require(p, "from_chat_id"))
    source = world.find_message(p["from_chat_id"], p.get("message_id"))
    if source is None:
        raise bad_request(f"message to {verb} not found")
    return source


def _content(source: FakeMessage) -> dict[str, Any]:
    return {
        "text": source.text,
        "html": source.html,
        "entities": list(source.entities),
        "document": source.document,
        "photo": source.photo,
        "location": source.location,
    }


def copy_message(world: World, p: Params, up: Uploads) -> Any:
    """copyMessage: returns a MessageId."""
    chat = world.writable_chat(require(p, "chat_id"))
    source = _source(world, p, "copy")
    fields = _content(source)
    if "caption" in p and source.is_media:
        text, raw, entities = formatted(p, "caption", caption=True)
        fields.update(text=text, html=raw, entities=entities)
    message = _new(world, chat, p, reply_markup=reply_markup(p), **fields)
    return {"message_id": message.message_id}


def forward_message(world: World, p: Params, up: Uploads) -> Any:
    """forwardMessage: returns the new Message with forward_origin."""
    chat = world.writable_chat(require(p, "chat_id"))
    source = _source(world, p, "forward")
    origin = {"type": "user", "date": source.date, "sender_user": source.sender.to_dict()}
    message = _new(world, chat, p, forward_from=origin, **_content(source))
    return message.to_dict()


def _editable(world: World, p: Params) -> FakeMessage:
    if p.get("inline_message_id"):
        raise ApiError(400, EDIT_NOT_FOUND)
    world.resolve_chat(require(p, "chat_id"))
    message = world.find_message(p["chat_id"], p.get("message_id"))
    if message is None:
        raise ApiError(400, EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _inline_only(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


def _apply_edit(
    world: World,
    message: FakeMessage,
    markup: dict[str, Any] | None,
    content: tuple[str, str, list[dict[str, Any]]] | None = None,
) -> Any:
    text, raw, entities = content or (message.text, message.html, message.entities)
    same_text = text == message.text and entities == message.entities
    if same_text and _inline_only(markup) == _inline_only(message.reply_markup):
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    if not same_text:
        message.history.append(message.text)
    message.text, message.html, message.entities = text, raw, entities
    message.reply_markup = markup
    message.edits += 1
    message.edit_date = int(time.time())
    world.notifier.notify()
    return message.to_dict()


def edit_message_text(world: World, p: Params, up: Uploads) -> Any:
    """editMessageText (omitting reply_markup removes the inline keyboard, as in Telegram)."""
    message = _editable(world, p)
    if message.is_media or message.location is not None:
        raise bad_request("there is no text in the message to edit")
    content = formatted(p, "text")
    if "link_preview_options" in p:
        message.link_preview_options = p["link_preview_options"]
    return _apply_edit(world, message, reply_markup(p), content)


def edit_message_caption(world: World, p: Params, up: Uploads) -> Any:
    """editMessageCaption."""
    message = _editable(world, p)
    if not message.is_media:
        raise bad_request("there is no caption in the message to edit")
    content = formatted(p, "caption", caption=True)
    return _apply_edit(world, message, reply_markup(p), content)


def edit_message_reply_markup(world: World, p: Params, up: Uploads) -> Any:
    """editMessageReplyMarkup."""
    message = _editable(world, p)
    return _apply_edit(world, message, reply_markup(p))


def delete_message(world: World, p: Params, up: Uploads) -> Any:
    """deleteMessage."""
    world.resolve_chat(require(p, "chat_id"))
    message = world.find_message(p["chat_id"], p.get("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    message.deleted = True
    world.notifier.notify()
    return True


def leave_chat(world: World, p: Params, up: Uploads) -> Any:
    """leaveChat: the bot leaves a group; Telegram then sends a ``my_chat_member`` update."""
    chat = world.writable_chat(require(p, "chat_id"))
    if chat.is_private:
        raise ApiError(400, LEAVE_PRIVATE)
    chat.bot_left = True
    world.bot_membership(chat, world.bot, "member", "left")
    world.notifier.notify()
    return True


# Methods that the flood limits and fault injection apply to.
COUNTED: dict[str, Method] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "sendLocation": send_location,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
}
UNCOUNTED: dict[str, Method] = {"deleteMessage": delete_message, "leaveChat": leave_chat}
