"""HTTP layer: aiohttp routes for ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from typing import Any, NamedTuple

from aiohttp import web

from .errors import DEFAULT_DESCRIPTIONS, ApiError
from .limits import DROP, LOSE_REPLY, Faults, Gate, Limits, Stats
from .methods import COUNTED, UNCOUNTED, Method
from .params import read_params
from .service import SERVICE
from .state import FakeUser
from .webhook import WebhookPusher
from .world import World

METHODS: dict[str, Method] = {**COUNTED, **UNCOUNTED, **SERVICE}
BY_LOWER: dict[str, str] = {name.lower(): name for name in METHODS}


class Call(NamedTuple):
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    time: float


class Refusal(NamedTuple):
    """A request the server refused as Telegram would (too long, not modified, bad button...)."""

    method: str
    params: dict[str, Any]
    description: str


class FakeBotServer:
    """The HTTP server; ``FakeBotApi`` adds the test-facing user simulation on top."""

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "ura_test_bot",
        limits: Limits | None = None,
        faults: Faults | None = None,
        bot_first_name: str = "Ura",
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        bot = FakeUser(id=bot_id, first_name=bot_first_name, username=bot_username, is_bot=True)
        self.world = World(bot)
        self.gate = Gate(limits, faults, self.world.stats)
        self.latency: float = 0.0
        self.calls: list[Call] = []
        self.refusals: list[Refusal] = []  # what Telegram would have refused, for tests to see
        self.base_url = ""
        self.last_call_at = 0.0
        self.in_flight = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._poll_failures: list[int] = []
        self.webhook = WebhookPusher(self.world)  # POSTs updates once setWebhook was called

    # ---- configuration -----------------------------------------------------------------
    @property
    def stats(self) -> Stats:
        """Counters: requests per method, injected_429/_5xx, dropped, limit_429, delivered."""
        return self.world.stats

    @property
    def limits(self) -> Limits | None:
        """Flood-limit config (None = not enforced)."""
        return self.gate.limits

    @limits.setter
    def limits(self, value: Limits | None) -> None:
        self.gate.reset_limits(value)

    @property
    def faults(self) -> Faults | None:
        """Random fault config (None = no faults)."""
        return self.gate.faults

    @faults.setter
    def faults(self, value: Faults | None) -> None:
        self.gate.set_faults(value)

    def fail_next(
        self,
        chat: Any,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` send/edit requests to ``chat`` fail with exactly this error."""
        chat_id = chat if isinstance(chat, int) else chat.chat_id
        self.gate.fail_next(chat_id, error_code, description, retry_after, times)

    def lose_next_replies(self, chat: Any, times: int = 1) -> None:
        """Carry out the next ``times`` send/edit requests to ``chat``, then drop the
        connection before answering, as when a reply is lost on the way back."""
        chat_id = chat if isinstance(chat, int) else chat.chat_id
        self.gate.lose_next_replies(chat_id, times)

    def fail_next_polls(self, status: int = 502, times: int = 1) -> None:
        """Make the next ``times`` getUpdates calls fail as Telegram's front end does when the
        Bot API behind it is down: the status with nginx's HTML page, not a JSON error."""
        self._poll_failures.extend([status] * times)

    # ---- lifecycle ---------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on host:port (0 = a free port); sets ``base_url``."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = asyncio.Event()
        self.world.closing = False
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        self.webhook.start()

    async def stop(self) -> None:
        """Wake long polls and dropped requests, then shut down."""
        self._closing.set()
        self.world.closing = True
        self.world.notifier.notify()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- HTTP handlers -----------------------------------------------------------------
    @staticmethod
    def _json(body: dict[str, Any], status: int = 200) -> web.Response:
        return web.json_response(body, status=status)

    async def _answer(self, body: dict[str, Any], status: int) -> web.Response:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return self._json(body, status)

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return await self._answer(ApiError(401, "Unauthorized").payload(), 401)
        name = BY_LOWER.get(request.match_info["method"].lower())
        if name is None:
            return await self._answer(ApiError(404, "Not Found").payload(), 404)
        try:
            params, uploads = await read_params(request)
        except ApiError as exc:
            return await self._answer(exc.payload(), exc.error_code)
        now = time.monotonic()
        self.calls.append(Call(name, params, now))
        self.stats.requests[name] += 1
        if name == "getUpdates":
            if self._poll_failures:
                return self._error_page(self._poll_failures.pop(0))
            return await self._run(name, params, uploads)
        self.last_call_at = now
        verdict = self._gate(params, now) if name in COUNTED else None
        if verdict == DROP:
            return await self._drop(request)  # not "in flight" for wait_idle
        self.in_flight += 1
        try:
            if isinstance(verdict, ApiError):
                return await self._answer(verdict.payload(), verdict.error_code)
            answer = await self._run(name, params, uploads)
            if verdict == LOSE_REPLY:
                return self._lose_reply(request)
            return answer
        finally:
            self.in_flight -= 1
            self.last_call_at = time.monotonic()

    @staticmethod
    def _error_page(status: int) -> web.Response:
        title = f"{status} {DEFAULT_DESCRIPTIONS.get(status, 'Error')}"
        page = (
            f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n"
        )
        return web.Response(text=page, status=status, content_type="text/html")

    async def _run(self, name: str, params: dict[str, Any], uploads: Any) -> web.Response:
        try:
            result = METHODS[name](self.world, params, uploads)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            if exc.error_code not in (403, 429):  # people's choices and pacing, not Ura's bugs
                self.refusals.append(Refusal(name, params, exc.description))
            return await self._answer(exc.payload(), exc.error_code)
        return await self._answer({"ok": True, "result": result}, 200)

    def _gate(self, params: dict[str, Any], now: float) -> Any:
        chat_id: int | None = None
        kind: str | None = None
        try:
            chat = self.world.resolve_chat(params.get("chat_id"))
            chat_id, kind = chat.id, ("private" if chat.is_private else "group")
        except ApiError:
            raw = params.get("chat_id")
            chat_id = raw if isinstance(raw, int) else None
        return self.gate.check(chat_id, kind, now)

    @staticmethod
    def _lose_reply(request: web.Request) -> web.StreamResponse:
        """The request was carried out; the connection drops before the answer leaves."""
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError

    async def _drop(self, request: web.Request) -> web.StreamResponse:
        delay = self.faults.drop_delay if self.faults else 30.0
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), delay)
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        stored = self.world.file_paths.get(request.match_info["path"])
        if stored is None:
            return self._json(ApiError(404, "Not Found").payload(), 404)
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.content, content_type=content_type)
