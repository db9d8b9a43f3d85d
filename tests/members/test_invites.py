"""Stories of invites: coordinators list and revoke them in the chat, a refused attempt is on
the record, and an invite never changes an existing member's role without a coordinator."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.members import directory
from storage.models import AuditEvent
from tests.ura import Ura


async def test_a_coordinator_lists_the_open_invites_and_revokes_one(ura: Ura) -> None:
    t = ura.telegram
    token = await ura.invite(uses=5)
    await t.send_text(ura.coordinator, "/invites")
    listing = await t.wait_for_message(ura.coordinator, contains="Ftesat e hapura (1)")
    assert "Policia e Durrësit" in listing.text
    query = await t.press_button(ura.coordinator, "🗑 Revokoni ftesën #1", message=listing)
    answer = await t.wait_for_callback_answer(query)
    assert "u revokua" in (answer.get("text") or "")
    await t.wait_for_message(ura.coordinator, contains="Nuk ka ftesa të hapura")
    someone = t.add_user(first_name="Besa")
    await t.send_text(someone, f"/start {token}")
    await t.wait_for_message(someone, contains="është revokuar")
    async with ura.sessions() as session:
        assert await directory.by_telegram_id(session, someone.id) is None
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert "invite.revoked" in actions
    assert "invite.refused" in actions, "the refused attempt is on the record"


async def test_a_used_up_invite_is_refused_and_the_refusal_is_on_the_record(ura: Ura) -> None:
    t = ura.telegram
    token = await ura.invite(uses=1)
    first, second = t.add_user(first_name="Ana"), t.add_user(first_name="Eri")
    await t.send_text(first, f"/start {token}")
    await t.wait_for_message(first, contains="Ura")
    await t.send_text(second, f"/start {token}")
    await t.wait_for_message(second, contains="përdorur tashmë")
    async with ura.sessions() as session:
        refused = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "invite.refused"))
        ).all()
    assert [(e.actor_telegram_id, e.details["reason"]) for e in refused] == [(second.id, "used_up")]


async def test_an_invite_for_another_role_asks_a_coordinator_instead_of_changing_it(
    ura: Ura,
) -> None:
    t = ura.telegram
    ardit = t.add_user(first_name="Ardit", last_name="Policia")
    await ura.join(ardit)
    token = await ura.invite(role=Role.COORDINATOR, org="Ministria", agency=Agency.OTHER)
    await t.send_text(ardit, f"/start {token}")
    question = await t.wait_for_message(ura.coordinator, contains="përdori një ftesë")
    assert "Koordinator" in question.text
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, ardit.id)
    assert member is not None
    assert member.role == Role.COMMITTEE, "not changed silently"
    query = await t.press_button(ura.coordinator, "Jepni rolin: Koordinator", message=question)
    await t.wait_for_callback_answer(query)
    await t.wait_for_edit(question, contains="Vendosi:")
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, ardit.id)
    assert member is not None
    assert member.role == Role.COORDINATOR
