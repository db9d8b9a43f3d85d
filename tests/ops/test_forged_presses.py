"""A flood of forged button presses is paced like any other: it costs Ura at most the limit's
worth of audit rows, and the person is asked, once and politely, to slow down."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import AuditEvent
from tests.ura import Ura

PRESSES = 200


async def test_two_hundred_forged_presses_write_at_most_the_limit_of_audit_rows(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    sent = await t.send_text(me, "/help")  # one update of the minute's limit
    message = await t.wait_for_message(me, after=sent)
    queries = [await t.press_callback(me, message, f"zz:{n}:forged") for n in range(PRESSES)]
    answers = [await t.wait_for_callback_answer(query) for query in queries]
    async with ura.sessions() as session:
        audited = await session.scalar(
            select(func.count()).where(AuditEvent.action == "button.unclaimed")
        )
    limit = ura.settings.rate_limit_per_minute
    assert audited is not None
    assert 0 < audited <= limit, f"{audited} audit rows for {PRESSES} forged presses"
    toasts = [a["text"] for a in answers if a["text"]]
    assert toasts == [
        "Po dërgoni shumë mesazhe njëherësh. Ju lutemi prisni një minutë dhe provoni përsëri."
    ], "one polite slow-down, then silence; every press is answered (no spinner left)"
    assert len(answers) == PRESSES
