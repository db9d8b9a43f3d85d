"""The sandbox's web page and its small JSON API: one phone-like pane per person, live.

The page (static/) is plain HTML, CSS and a script: no build step, no internet. It reads the
state of every pane from /api/state, is told of changes by server-sent events, and acts as the
person would in Telegram: type, press a button, send a file, open an invite link."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.core.permissions import Agency, Role
from bot.sandbox import tour
from bot.sandbox.cast import Person, Sandbox
from bot.sandbox.telegram import FakeMessage

STATIC = Path(__file__).parent / "static"
SANDBOX_KEY: web.AppKey[Sandbox] = web.AppKey("sandbox", Sandbox)
TOUR_KEY: web.AppKey[tour.Tour] = web.AppKey("tour", tour.Tour)
MAX_TEXT = 4096  # what a Telegram client lets one type in one message
MAX_UPLOAD = 20 * 1024 * 1024  # the Bot API's download limit for bots
SHOWN = 200  # the newest messages of a pane


def _message(message: FakeMessage) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": message.message_id,
        "bot": message.from_bot,
        "text": message.text,
        "entities": message.entities,
        "edited": message.edits > 0,
    }
    markup = message.reply_markup or {}
    inline = markup.get("inline_keyboard") or []
    item["buttons"] = [
        [
            {"text": b.get("text", ""), "data": b.get("callback_data"), "url": b.get("url")}
            for b in row
        ]
        for row in inline
    ]
    if message.document is not None:
        item["document"] = {
            "name": message.document.filename or "file",
            "url": f"/files/{message.document.file_id}",
        }
    if message.photo:
        item["photo"] = f"/files/{message.photo[-1].file_id}"
    if message.location is not None:
        item["location"] = message.location
    return item


def _person(sandbox: Sandbox, person: Person) -> dict[str, Any]:
    messages = sandbox.telegram.transcript(person.user)[-SHOWN:]
    keyboard: list[list[str]] = []
    for message in messages[::-1]:
        if message.from_bot and message.reply_markup and "keyboard" in message.reply_markup:
            keyboard = message.buttons
            break
    return {
        "key": person.key,
        "name": person.name,
        "lang": person.lang,
        "role": person.role.value,
        "agency": person.agency.value,
        "group": person.group,
        "invite": f"https://t.me/{sandbox.bot_username}?start=…" if person.invite else None,
        "messages": [_message(m) for m in messages],
        "keyboard": keyboard,
    }


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def texts(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    lang = request.query.get("lang") or sandbox.lang
    lang = lang if lang in sandbox.translator.catalogs else sandbox.lang
    catalog = sandbox.translator.catalogs[lang]
    page = {
        k.removeprefix("sandbox.page."): v
        for k, v in catalog.items()
        if k.startswith("sandbox.page.")
    }
    labels = {
        "roles": {r.value: catalog[f"role.{r.value}"] for r in Role},
        "agencies": {a.value: catalog[f"agency.{a.value}"] for a in Agency},
    }
    return web.json_response({"lang": lang, "page": page, **labels})


async def state(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    people = [_person(sandbox, p) for p in sandbox.people.values()]
    return web.json_response(
        {
            "version": sandbox.telegram.world.notifier.version,
            "people": people,
            "groups": await sandbox.groups(),
            "tour": request.app[TOUR_KEY].state(),
        }
    )


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: one "change" whenever the Telegram world changed."""
    notifier = request.app[SANDBOX_KEY].telegram.world.notifier
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    seen = [-1]
    with contextlib.suppress(ConnectionResetError):
        while True:
            await notifier.wait_until(lambda: notifier.version != seen[0], 15.0)
            seen[0] = notifier.version
            await response.write(f"event: change\ndata: {seen[0]}\n\n".encode())
            await asyncio.sleep(0.1)  # a burst of changes becomes one refresh of the page
    return response


def _person_of(sandbox: Sandbox, key: object) -> Person:
    person = sandbox.people.get(str(key))
    if person is None:
        raise web.HTTPNotFound(text="unknown person")
    return person


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise web.HTTPBadRequest(text="JSON expected") from error
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="JSON object expected")
    return data


async def send(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    data = await _body(request)
    person = _person_of(sandbox, data.get("person"))
    text = str(data.get("text", ""))[:MAX_TEXT]
    if text.strip():
        await sandbox.telegram.send_text(person.user, text)
    return web.json_response({"ok": True})


async def press(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    data = await _body(request)
    person = _person_of(sandbox, data.get("person"))
    message = sandbox.telegram.world.find_message(person.user.id, data.get("message"))
    if message is None or not message.from_bot:
        raise web.HTTPNotFound(text="unknown message")
    await sandbox.telegram.press_callback(person.user, message, str(data.get("data", ""))[:64])
    return web.json_response({"ok": True})


async def join(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    data = await _body(request)
    await sandbox.join(_person_of(sandbox, data.get("person")).key)
    return web.json_response({"ok": True})


async def upload(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    form = await request.post()
    person = _person_of(sandbox, form.get("person"))
    item = form.get("file")
    if not isinstance(item, web.FileField):
        raise web.HTTPBadRequest(text="file expected")
    content = item.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD, actual_size=len(content))
    if (item.content_type or "").startswith("image/"):
        await sandbox.telegram.send_photo(person.user, content)
    else:
        await sandbox.telegram.send_document(
            person.user, item.filename or "file", content, mime_type=item.content_type
        )
    return web.json_response({"ok": True})


async def add_person(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    data = await _body(request)
    try:
        role = Role(str(data.get("role")))
        agency = Agency(str(data.get("agency") or "other"))
        lang = str(data.get("lang"))
        if lang not in sandbox.translator.catalogs or not str(data.get("name", "")).strip():
            raise ValueError("sandbox.error.fields")
        person = await sandbox.add_person(
            str(data["name"])[:80],
            lang,
            role,
            agency,
            data.get("group") or None,
            str(data.get("organisation", "")),
        )
    except (ValueError, KeyError) as error:
        key = str(error) if str(error).startswith("sandbox.") else "sandbox.error.fields"
        text = sandbox.translator(str(data.get("lang") or sandbox.lang), key)
        return web.json_response({"ok": False, "error": str(text)}, status=400)
    sandbox.telegram.world.notifier.notify()
    return web.json_response({"ok": True, "key": person.key})


async def file(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    stored = sandbox.telegram.world.files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound()
    name = (stored.filename or "file").replace('"', "")
    kind = stored.mime_type or ("image/jpeg" if stored.width else "application/octet-stream")
    disposition = "inline" if kind.startswith("image/") else f'attachment; filename="{name}"'
    return web.Response(
        body=stored.content, content_type=kind, headers={"Content-Disposition": disposition}
    )


async def tour_next(request: web.Request) -> web.Response:
    guide = request.app[TOUR_KEY]
    await guide.next()
    return web.json_response(guide.state())


@web.middleware
async def headers(request: web.Request, handler: Any) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    # The page loads nothing from elsewhere; files open as downloads, never as pages.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def build(sandbox: Sandbox, guide: tour.Tour) -> web.Application:
    app = web.Application(middlewares=[headers], client_max_size=MAX_UPLOAD + 1024 * 1024)
    app[SANDBOX_KEY] = sandbox
    app[TOUR_KEY] = guide
    app.router.add_get("/", index)
    app.router.add_static("/static", STATIC)
    app.router.add_get("/api/texts", texts)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/send", send)
    app.router.add_post("/api/press", press)
    app.router.add_post("/api/join", join)
    app.router.add_post("/api/upload", upload)
    app.router.add_post("/api/people", add_person)
    app.router.add_post("/api/tour/next", tour_next)
    app.router.add_get("/files/{file_id}", file)
    return app
