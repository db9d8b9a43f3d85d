"""Lost answers: Telegram delivers the message, then the connection drops before its answer
comes back. Telegram has no idempotency key, so Ura decides by priority: an alert is sent
again (duplicates possible, none missed), bulk is marked "uncertain" (may not have arrived;
no duplicates, none resent blindly). Both policies run on the same fault draw."""

from __future__ import annotations

import time
from typing import Any

from bench.common import add_users, fake_server, messages, tally
from bench.ura_side import UraSide
from bot.delivery import Priority
from bot.sandbox.telegram import Faults

SEED = 20261129
RATE = 0.10  # one answer in ten lost


async def _policy(members: int, priority: Priority, name: str) -> dict[str, Any]:
    async with fake_server(Faults(rate_lost_reply=RATE, seed=SEED)) as server:
        users = add_users(server, members)
        batch = messages(users, name)
        async with UraSide(server) as ura:
            ids = await ura.enqueue(batch, priority)
            started = time.monotonic()
            await ura.start()
            complete = await ura.wait_final(ids)
            elapsed = time.monotonic() - started
            states = await ura.states()
        counted = tally(server, batch)
        return {
            f"lost_{name}_members": members,
            f"lost_{name}_answers_lost": server.stats.lost_replies,
            f"lost_{name}_delivered": counted.delivered,
            f"lost_{name}_duplicated": counted.duplicates,
            f"lost_{name}_may_not_have_arrived": states.get("uncertain", 0),
            f"lost_{name}_missed": members - counted.delivered,
            f"lost_{name}_elapsed_s": elapsed,
            f"lost_{name}_complete": complete,
        }


async def lost_replies(members: int) -> dict[str, Any]:
    """The same fault draw through both policies: alert (resend) and bulk (mark uncertain)."""
    return {
        **await _policy(members, Priority.ALERT, "alert"),
        **await _policy(members, Priority.BULK, "bulk"),
    }
