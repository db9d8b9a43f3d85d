"""Bot API methods that do not send messages: identity, webhook, updates, commands, files."""

from __future__ import annotations

import re
import time
from typing import Any

from .errors import QUERY_TOO_OLD, ApiError, bad_request
from .methods import Method, Params, Uploads
from .params import require
from .world import PendingUpdate, World

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SCOPES = frozenset(
    [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ]
)
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def get_me(world: World, p: Params, up: Uploads) -> Any:
    """getMe."""
    return {
        **world.bot.to_dict(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def ok(world: World, p: Params, up: Uploads) -> Any:
    """Methods that only acknowledge (logOut, close, setChatMenuButton, ...)."""
    return True


def set_webhook(world: World, p: Params, up: Uploads) -> Any:
    """setWebhook (an empty url removes it); the secret is 1-256 of A-Z, a-z, 0-9, _ and -."""
    url = str(p.get("url") or "")
    secret = p.get("secret_token")
    if secret is not None and not SECRET_RE.match(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    world.webhook = {"url": url, **{k: v for k, v in p.items() if k != "url"}} if url else {}
    if isinstance(p.get("allowed_updates"), list):
        world.allowed_updates = p["allowed_updates"]
    return True


def delete_webhook(world: World, p: Params, up: Uploads) -> Any:
    """deleteWebhook (drop_pending_updates clears the queue)."""
    world.webhook = {}
    if p.get("drop_pending_updates"):
        world.updates.clear()
        world.notifier.notify()
    return True


def get_webhook_info(world: World, p: Params, up: Uploads) -> Any:
    """getWebhookInfo."""
    info: dict[str, Any] = {
        "url": world.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    for key in ("max_connections", "allowed_updates", "ip_address"):
        if key in world.webhook:
            info[key] = world.webhook[key]
    return info


def _allowed(world: World, update: PendingUpdate) -> bool:
    if world.allowed_updates:
        return update.kind in world.allowed_updates
    return update.kind not in DEFAULT_EXCLUDED


async def get_updates(world: World, p: Params, up: Uploads) -> Any:
    """getUpdates with offset confirmation, limit and long polling."""
    if world.webhook.get("url"):
        raise ApiError(409, CONFLICT)
    offset = int(p.get("offset") or 0)
    limit = min(max(int(p.get("limit") or 100), 1), 100)
    timeout = max(float(p.get("timeout") or 0), 0.0)
    if isinstance(p.get("allowed_updates"), list):
        world.allowed_updates = p["allowed_updates"]
    if offset > 0:
        world.updates = [u for u in world.updates if u.update_id >= offset]
    elif offset < 0:
        world.updates = world.updates[offset:]

    def pick() -> list[PendingUpdate]:
        for update in world.updates:
            if not _allowed(world, update):
                update.fetched = True
        world.updates = [u for u in world.updates if _allowed(world, u)]
        return world.updates[:limit]

    world.poll_generation += 1
    generation = world.poll_generation
    world.notifier.notify()  # wakes (and terminates) an older long poll

    def superseded() -> bool:
        return world.poll_generation != generation

    await world.notifier.wait_until(lambda: pick() or world.closing or superseded(), timeout)
    if superseded():
        raise ApiError(409, TERMINATED)
    batch = pick()
    for update in batch:
        update.fetched = True
    if batch:
        world.last_fetch = time.monotonic()
    return [u.payload for u in batch]


MAX_ANSWER_TEXT = 200


def answer_callback_query(world: World, p: Params, up: Uploads) -> Any:
    """answerCallbackQuery (each query can be answered once)."""
    query_id = str(p.get("callback_query_id") or "")
    if query_id not in world.callbacks or query_id in world.callback_answers:
        raise ApiError(400, QUERY_TOO_OLD)
    if len(str(p.get("text") or "")) > MAX_ANSWER_TEXT:  # a toast is 0-200 characters
        raise bad_request("MESSAGE_TOO_LONG")
    keys = ("text", "show_alert", "url", "cache_time")
    world.callback_answers[query_id] = {k: p.get(k) for k in keys}
    world.callback_answers[query_id]["show_alert"] = bool(p.get("show_alert"))
    world.notifier.notify()
    return True


def scope_key(scope: Any) -> str:
    """Storage key of a BotCommandScope (type plus chat/user ids when present)."""
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    kind = str(scope.get("type", "default"))
    if kind not in SCOPES:
        raise bad_request("can't parse BotCommandScope: unsupported type")
    parts = [kind] + [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts)


def set_my_commands(world: World, p: Params, up: Uploads) -> Any:
    """setMyCommands, stored per (scope, language_code)."""
    commands = p.get("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not COMMAND_RE.match(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (scope_key(p.get("scope")), str(p.get("language_code") or ""))
    clean = [{"command": c["command"], "description": c["description"]} for c in commands]
    if clean:
        world.commands[key] = clean
    else:
        world.commands.pop(key, None)
    return True


def get_my_commands(world: World, p: Params, up: Uploads) -> Any:
    """getMyCommands."""
    key = (scope_key(p.get("scope")), str(p.get("language_code") or ""))
    return world.commands.get(key, [])


def delete_my_commands(world: World, p: Params, up: Uploads) -> Any:
    """deleteMyCommands."""
    world.commands.pop((scope_key(p.get("scope")), str(p.get("language_code") or "")), None)
    return True


def get_file(world: World, p: Params, up: Uploads) -> Any:
    """getFile."""
    stored = world.files.get(str(p.get("file_id") or ""))
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.file_dict()


def get_chat(world: World, p: Params, up: Uploads) -> Any:
    """getChat: a ChatFullInfo."""
    chat = world.resolve_chat(require(p, "chat_id"))
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **chat.to_dict(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": False},
    }


def send_chat_action(world: World, p: Params, up: Uploads) -> Any:
    """sendChatAction."""
    world.writable_chat(require(p, "chat_id"))
    return True


SERVICE: dict[str, Method] = {
    "getMe": get_me,
    "logOut": ok,
    "close": ok,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getUpdates": get_updates,
    "answerCallbackQuery": answer_callback_query,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getFile": get_file,
    "getChat": get_chat,
    "sendChatAction": send_chat_action,
    "setChatMenuButton": ok,
    "setMyDescription": ok,
    "setMyShortDescription": ok,
    "setMyName": ok,
}
