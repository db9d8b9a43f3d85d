"""An operator's view: /metrics shows the field's figures without a name in any label, and
/healthz says 503 as soon as Ura shuts down."""

from __future__ import annotations

import asyncio
import re

import aiohttp

from bot.ops import web
from tests.alerts.test_alerts import DESCRIPTION, cards, people, raise_alert
from tests.ops.test_webhook import SECRET, free_port
from tests.ura import Ura


async def counted(ura: Ura, kind: str, timeout: float = 15.0) -> None:  # noqa: ASYNC109
    """Until this process has counted an update of `kind` as handled (the metric's own event)."""
    assert ura.app is not None
    updates = ura.app.bot_data.services.ops.metrics.updates
    wanted = {"kind": kind, "outcome": "ok"}
    async with asyncio.timeout(timeout):
        while True:
            samples = [sample for metric in updates.collect() for sample in metric.samples]
            if any(s.name.endswith("_total") and s.labels == wanted for s in samples):
                return
            await asyncio.sleep(0.01)


async def test_metrics_count_alerts_by_region_and_time_to_acknowledge_without_personal_data(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="#1")
    ack = next(label for row in card.buttons for label in row if label.startswith("✅"))
    query = await t.press_button(cast.police, ack, message=card)
    await t.wait_for_callback_answer(query)
    assert cards(ura, cast.police)
    assert ura.app is not None
    # The press is answered inside its handler, and counted once the handler has returned.
    await counted(ura, "callback_query")
    port = free_port()
    server = web.listen(ura.app, "127.0.0.1", port, "/telegram", SECRET)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                assert answer.status == 200
                assert answer.headers["Content-Type"].startswith("text/plain")
                metrics = await answer.text()
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                assert answer.status == 200
            ura.app.bot_data.services.ops.stopping = True
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                assert answer.status == 503, "a balancer stops sending to a stopping Ura"
                assert (await answer.json())["stopping"] is True
            update = {"update_id": 7, "message": {"message_id": 1, "date": 0, "chat": {}}}
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            url = f"http://127.0.0.1:{port}/telegram"
            async with http.post(url, json=update, headers=headers) as answer:
                assert answer.status == 503, "Telegram sends it again, to a running instance"
            ura.app.bot_data.services.ops.stopping = False
    finally:
        server.stop()
    assert (
        'ura_alerts{category="child_at_risk",region="durres",state="acknowledged"} 1.0' in metrics
    )
    assert 'ura_alert_first_ack_seconds_count{region="durres"} 1.0' in metrics
    assert 'ura_alert_resolution_seconds_count{region="durres"}' not in metrics, "not resolved"
    assert 'ura_updates_handled_total{kind="callback_query",outcome="ok"}' in metrics
    assert 'ura_updates_handled_total{kind="message",outcome="ok"}' in metrics
    assert "ura_timers_due 0.0" in metrics
    labels = " ".join(re.findall(r"\{([^}]*)\}", metrics))
    numbers = set(re.findall(r"[\w.+-]+", metrics))  # whole tokens: 1001 may sit inside a float
    for person in (cast.ngo, cast.police, ura.coordinator):
        assert str(person.id) not in labels
        assert str(person.id) not in numbers
        assert person.first_name not in metrics
    assert DESCRIPTION[:20] not in metrics
    assert "Policia" not in metrics, "no organisation either"
