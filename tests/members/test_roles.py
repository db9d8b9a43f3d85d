"""Stories of roles that can be trusted: /role by a coordinator (audited), a coordinator is
demoted only by another one, and URA_COORDINATORS does not promote them back."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.members import directory
from bot.sandbox.telegram import FakeUser
from storage.models import AuditEvent
from tests.ura import Ura


async def _id(ura: Ura, user: FakeUser) -> int:
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, user.id)
    assert member is not None
    return member.id


async def _role(ura: Ura, user: FakeUser) -> str:
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, user.id)
    assert member is not None
    return member.role


async def test_a_coordinator_is_demoted_only_by_another_and_the_setting_does_not_undo_it(
    ura: Ura,
) -> None:
    t = ura.telegram
    first = ura.coordinator  # named in URA_COORDINATORS
    second = t.add_user(first_name="Drita", last_name="Koordinatore")
    await ura.join(second, role=Role.COORDINATOR, org="Ministria e Brendshme", agency=Agency.OTHER)
    first_id = await _id(ura, first)
    await t.send_text(first, f"/role {first_id} committee")
    await t.wait_for_message(first, contains="Nuk mund ta ulni veten")
    assert await _role(ura, first) == Role.COORDINATOR
    await t.send_text(second, f"/role {first_id} committee")
    await t.wait_for_message(second, contains="roli tani është Anëtar i komitetit rajonal")
    assert await _role(ura, first) == Role.COMMITTEE
    await t.send_text(first, "/members")
    await t.wait_for_message(first, contains="nuk")  # no longer a coordinator's command
    await ura.restart()  # URA_COORDINATORS still names the first one
    assert await _role(ura, first) == Role.COMMITTEE
    async with ura.sessions() as session:
        changed = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "member.role_changed")
            )
        ).all()
    assert [(e.actor_member_id, e.subject_id) for e in changed] == [
        (await _id(ura, second), str(first_id))
    ]


async def test_a_member_cannot_change_roles(ura: Ura) -> None:
    t = ura.telegram
    police = t.add_user(first_name="Ardit", last_name="Policia")
    await ura.join(police)
    await t.send_text(police, f"/role {await _id(ura, police)} coordinator")
    await t.wait_idle()
    assert await _role(ura, police) == Role.COMMITTEE
