"""Coordinators' stories: invites in chat, the roster, suspension, unreachable members."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from storage.models import AuditEvent, Member, OutboxMessage
from tests.ura import Ura


async def test_a_coordinator_makes_an_invite_in_chat_that_a_teacher_then_uses(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/invite")
    await t.wait_for_message(boss, contains="1/6")
    await t.press_button(boss, "Anëtar i komitetit rajonal")
    await t.wait_for_message(boss, contains="2/6")
    await t.send_text(boss, "Shkolla 'Naim Frashëri'")
    await t.wait_for_message(boss, contains="3/6")
    await t.press_button(boss, "Arsimi")
    await t.wait_for_message(boss, contains="4/6")
    await t.press_button(boss, "Lezhë")
    await t.wait_for_message(boss, contains="5/6")
    await t.press_button(boss, "5")
    await t.wait_for_message(boss, contains="6/6")
    await t.press_button(boss, "7 ditë")
    card = await t.wait_for_message(boss, contains="https://t.me/ura_test_bot?start=")
    assert "Lezhë" in card.text
    assert "Përdorime: 5" in card.text
    token = re.search(r"start=([\w-]+)", card.text).group(1)  # type: ignore[union-attr]
    teacher = t.add_user(first_name="Mësuesja")
    await t.send_text(teacher, f"/start {token}")
    await t.wait_for_message(teacher, contains="Mirë se erdhët")
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == teacher.id))
    assert member is not None
    assert (member.role, member.agency, [g.slug for g in member.groups]) == (
        "committee",
        "education",
        ["lezhe"],
    )


async def test_the_roster_shows_groups_agencies_and_reachability(ura: Ura) -> None:
    t = ura.telegram
    ana, ben = t.add_user(first_name="Ana"), t.add_user(first_name="Ben")
    await ura.join(ana, agency=Agency.HEALTH, org="Spitali", groups=("fier",))
    await ura.join(
        ben, role=Role.NGO, agency=Agency.CIVIL_SOCIETY, org="<script>", groups=("fier",)
    )
    await t.send_text(ura.coordinator, "/members")
    roster = await t.wait_for_message(ura.coordinator, contains="Anëtarët")
    assert "Fier" in roster.text
    assert "Ana — Spitali, Shëndetësia" in roster.text
    assert "Ben — <script>, Shoqëria civile (OJF)" in roster.text, "escaped, shown literally"


async def test_a_suspended_member_is_locked_out_until_reactivated(ura: Ura) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
    assert member is not None
    await t.send_text(ura.coordinator, f"/suspend {member.id}")
    await t.wait_for_message(ura.coordinator, contains="Ana u pezullua")
    await t.send_text(ana, "/language")
    choice = await t.wait_for_message(ana, contains="Zgjidhni gjuhën")
    answer = await t.wait_for_callback_answer(
        await t.press_button(ana, "🇬🇧 English", message=choice)
    )
    assert "pezulluar" in (answer.get("text") or "")
    await t.send_text(ura.coordinator, f"/reactivate {member.id}")
    await t.wait_for_message(ura.coordinator, contains="Ana u riaktivizua")
    await t.send_text(ura.coordinator, "/suspend abc")
    await t.wait_for_message(ura.coordinator, contains="Përdorimi: /suspend N")
    async with ura.sessions() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert {"member.suspended", "member.active", "button.refused"} <= set(actions)


async def test_a_member_who_blocked_ura_is_marked_and_the_coordinators_told_once(
    ura: Ura,
) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    await t.send_text(ura.coordinator, "/help")  # the coordinator has started the bot
    await t.wait_for_message(ura.coordinator, contains="/members")
    t.block(ana)
    async with ura.sessions.begin() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
        assert member is not None
        for text in ("njoftim 1", "njoftim 2"):
            enqueue(
                session,
                chat_id=ana.id,
                reply=Reply(text),
                now=ura.clock.now(),
                priority=Priority.NOTICE,
                member_id=member.id,
            )
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    notice = await t.wait_for_message(ura.coordinator, contains="nuk merr mesazhe nga Ura")
    assert "Ana" in notice.text
    assert "ka bllokuar Urën" in notice.text
    assert "Forbidden" not in notice.text
    await t.wait_idle()
    notices = [m for m in t.bot_messages(ura.coordinator) if "nuk merr mesazhe nga Ura" in m.text]
    assert len(notices) == 1
    t.unblock(ana)
    await t.send_text(ana, "/help")
    await t.wait_for_message(ana, contains="/language")
    async with ura.sessions() as session:
        again = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
    assert again is not None
    assert again.reachable


async def test_the_sixteenth_organisation_cannot_join_the_advisory_group(ura: Ura) -> None:
    t = ura.telegram
    for n in range(15):
        await ura.join(
            t.add_user(first_name=f"N{n}"),
            role=Role.NGO,
            agency=Agency.CIVIL_SOCIETY,
            org=f"OJF {n}",
            groups=("advisory",),
        )
    late = t.add_user(first_name="Late", language_code="en")
    token = await ura.invite(Role.NGO, "OJF 16", Agency.CIVIL_SOCIETY, ["advisory"])
    await t.send_text(late, f"/start {token}")
    await t.wait_for_message(late, contains="maximum number of organisations (15)")
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == late.id))
    assert member is None


async def test_a_coordinator_makes_a_group_and_moves_members_in_and_out(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
    assert member is not None
    await t.send_text(boss, "/group new Grupi i punës për Kukësin")
    await t.wait_for_message(boss, contains="U krijua grupi «Grupi i punës për Kukësin»")
    await t.send_text(boss, "/group new grupi i punes per kukesin")
    await t.wait_for_message(boss, contains="Ka tashmë një grup")
    await t.send_text(boss, f"/group add {member.id} grupi i punes per kukesin")
    await t.wait_for_message(boss, contains="Ana u shtua në grupin «Grupi i punës për Kukësin»")
    await t.send_text(boss, "/members")
    roster = await t.wait_for_message(boss, contains="Anëtarët")
    assert "Grupi i punës për Kukësin" in roster.text
    await t.send_text(boss, f"/group remove {member.id} Durrës")
    await t.wait_for_message(boss, contains="Ana u hoq nga grupi «Durrës»")
    await t.send_text(boss, "/group fly")
    await t.wait_for_message(boss, contains="Përdorimi:\n/group new")
    async with ura.sessions() as session:
        again = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
        actions = set((await session.scalars(select(AuditEvent.action))).all())
    assert again is not None
    assert [g.name for g in again.groups] == ["Grupi i punës për Kukësin"]
    assert {"group.created", "group.member_added", "group.member_removed"} <= actions


async def test_suspending_a_member_cancels_what_was_still_queued_for_them(ura: Ura) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    await t.wait_idle()
    async with ura.sessions.begin() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
        assert member is not None
        later = ura.clock.now() + timedelta(hours=2)  # e.g. a broadcast set for later
        enqueue(
            session,
            chat_id=ana.id,
            reply=Reply("njoftim i planifikuar"),
            now=ura.clock.now(),
            member_id=member.id,
            not_before=later,
        )
    await t.send_text(ura.coordinator, f"/suspend {member.id}")
    await t.wait_for_message(ura.coordinator, contains="Ana u pezullua")
    ura.clock.advance(timedelta(hours=3))
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    await t.wait_idle()
    assert not [m for m in t.bot_messages(ana) if "planifikuar" in m.text]
    async with ura.sessions() as session:
        row = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.payload["text"].as_string() == "njoftim i planifikuar"
            )
        )
    assert row is not None
    assert (row.state, row.last_error) == ("cancelled", "member suspended")
