"""Stories of joining Ura: invite links, access requests, refusals, languages."""

from datetime import timedelta

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from storage.models import AccessRequest, AuditEvent, Group, Member
from tests.ura import Ura


async def test_an_invited_police_officer_from_durres_joins_and_sees_the_committee_help(
    ura: Ura,
) -> None:
    ardit = ura.telegram.add_user(first_name="Ardit", last_name="Leka", language_code="sq")
    token = await ura.invite(Role.COMMITTEE, "Policia e Durrësit", Agency.POLICE, ["Durrës"])
    await ura.telegram.send_text(ardit, f"/start {token}")
    welcome = await ura.telegram.wait_for_message(ardit, contains="Mirë se erdhët")
    assert "Ardit Leka" in welcome.text
    assert "Durrës" in welcome.text
    assert "Privatësia" in welcome.text
    await ura.telegram.send_text(ardit, "/help")
    help_ = await ura.telegram.wait_for_message(ardit, contains="/language", after=welcome)
    assert "Anëtar i komitetit rajonal" in help_.text
    assert "/invite" not in help_.text
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ardit.id))
    assert member is not None
    assert (member.role, member.agency, member.language) == ("committee", "police", "sq")


async def test_an_english_speaking_ngo_member_joins_in_english(ura: Ura) -> None:
    sara = ura.telegram.add_user(first_name="Sara", language_code="en-GB")
    token = await ura.invite(Role.NGO, "Different & Equal", Agency.CIVIL_SOCIETY, ["advisory"])
    await ura.telegram.send_text(sara, f"/start {token}")
    welcome = await ura.telegram.wait_for_message(sara, contains="Welcome to Ura")
    assert "Different & Equal" in welcome.text
    assert "Privacy" in welcome.text


async def test_expired_used_and_forged_links_register_nobody(ura: Ura) -> None:
    used = await ura.invite(uses=1)
    first = ura.telegram.add_user(first_name="First")
    await ura.telegram.send_text(first, f"/start {used}")
    await ura.telegram.wait_for_message(first, contains="Mirë se erdhët")
    expired = await ura.invite(days=1)
    ura.clock.advance(timedelta(days=2))
    late = ura.telegram.add_user(first_name="Late")
    await ura.telegram.send_text(late, f"/start {expired}")
    await ura.telegram.wait_for_message(late, contains="ka skaduar")
    second = ura.telegram.add_user(first_name="Second", language_code="en")
    await ura.telegram.send_text(second, f"/start {used}")
    await ura.telegram.wait_for_message(second, contains="already been used")
    forger = ura.telegram.add_user(first_name="Forger")
    await ura.telegram.send_text(forger, "/start AAAAAAAAAAAAAAAAAAAAAAAA")
    await ura.telegram.wait_for_message(forger, contains="nuk është e vlefshme")
    async with ura.sessions() as session:
        ids = set((await session.scalars(select(Member.telegram_user_id))).all())
    assert first.id in ids
    assert not {late.id, second.id, forger.id} & ids


async def request_access(
    ura: Ura, user, name: str, org: str, agency_label: str, region: str
) -> None:
    t = ura.telegram
    await t.send_text(user, "/start")
    await t.wait_for_message(user, contains="1/4")
    await t.send_text(user, name)
    await t.wait_for_message(user, contains="2/4")
    await t.send_text(user, org)
    await t.wait_for_message(user, contains="3/4")
    await t.press_button(user, agency_label)
    await t.wait_for_message(user, contains="4/4")
    await t.press_button(user, region)


async def test_an_access_request_is_approved_by_the_first_coordinator(ura: Ura) -> None:
    t = ura.telegram
    second = t.add_user(first_name="Drejtori", language_code="en")
    await ura.join(second, role=Role.COORDINATOR, org="Ministria", agency=Agency.OTHER, groups=())
    elira = t.add_user(first_name="Elira", language_code="en")
    await request_access(
        ura, elira, "Elira Hoxha", "Tjetër Vizion", "Civil society (NGO)", "Elbasan"
    )
    await t.wait_for_message(elira, contains="Your request was sent")
    card_sq = await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim")
    card_en = await t.wait_for_message(second, contains="Membership request")
    assert "Elira Hoxha" in card_sq.text
    assert "Elbasan" in card_sq.text
    query = await t.press_button(ura.coordinator, "✅ Miratojeni", message=card_sq)
    await t.wait_for_callback_answer(query)
    await t.wait_for_message(elira, contains="Welcome to Ura")
    await t.wait_for_edit(card_sq, contains="Miratuar nga Koordinatorja")
    await t.wait_for_edit(card_en, contains="Approved by Koordinatorja")
    assert card_en.buttons == []
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == elira.id))
    assert member is not None
    assert (member.role, member.agency, member.language) == ("ngo", "civil_society", "en")


async def test_a_rejected_requester_is_told_and_registered_nowhere(ura: Ura) -> None:
    t = ura.telegram
    guri = t.add_user(first_name="Guri", language_code="sq")
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Vlorë")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim")
    await t.press_button(ura.coordinator, "❌ Refuzoni", message=card)
    await t.wait_for_message(guri, contains="nuk u miratua")
    await t.wait_for_edit(card, contains="Refuzuar nga")
    async with ura.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == guri.id))
        request = await session.scalar(select(AccessRequest))
    assert member is None
    assert request is not None
    assert request.status == "rejected"


async def test_a_press_for_a_region_deleted_meanwhile_is_asked_again(ura: Ura) -> None:
    t = ura.telegram
    dea = t.add_user(first_name="Dea", language_code="en")
    await t.send_text(dea, "/start")
    await t.wait_for_message(dea, contains="1/4")
    await t.send_text(dea, "Dea Kola")
    await t.wait_for_message(dea, contains="2/4")
    await t.send_text(dea, "Qendra Hapa")
    await t.wait_for_message(dea, contains="3/4")
    await t.press_button(dea, "Civil society (NGO)")
    question = await t.wait_for_message(dea, contains="4/4")
    async with ura.sessions.begin() as session:
        gone = await session.scalar(select(Group).where(Group.name == "Lezhë"))
        assert gone is not None
        await session.delete(gone)
    await t.press_button(dea, "Lezhë", message=question)
    await t.wait_for_message(dea, contains="choose one of the buttons", after=question)
    again = await t.wait_for_message(dea, contains="4/4", after=question)
    assert "Lezhë" not in [label for row in again.buttons for label in row]
    await t.press_button(dea, "Elbasan", message=again)
    await t.wait_for_message(dea, contains="Your request was sent")
    async with ura.sessions() as session:
        request = await session.scalar(select(AccessRequest))
    assert request is not None
    assert request.display_name == "Dea Kola"


async def test_a_half_filled_request_survives_a_restart(ura: Ura) -> None:
    t = ura.telegram
    besa = t.add_user(first_name="Besa")
    await t.send_text(besa, "/start")
    await t.wait_for_message(besa, contains="1/4")
    await t.send_text(besa, "Besa Dervishi")
    prompt = await t.wait_for_message(besa, contains="2/4")
    await ura.restart()
    await t.send_text(besa, "Qendra Hapa")
    await t.wait_for_message(besa, contains="3/4", after=prompt)


async def test_a_forged_or_foreign_button_press_changes_nothing(ura: Ura) -> None:
    t = ura.telegram
    guri = t.add_user(first_name="Guri")
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Fier")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim")
    approve_data = card.button_data("✅ Miratojeni")
    # The requester forwards the coordinator's button payload to his own chat.
    own = await t.wait_for_message(guri, contains="dërgua")
    query = await t.press_callback(guri, own, approve_data)
    answer = await t.wait_for_callback_answer(query)
    assert "nuk është për ju" in (answer.get("text") or "")
    query = await t.press_callback(guri, own, "ar:1:forgedsig0")
    await t.wait_for_callback_answer(query)
    async with ura.sessions() as session:
        request = await session.scalar(select(AccessRequest))
        refused = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "button.refused"))
        ).all()
    assert request is not None
    assert request.status == "pending"
    assert len(refused) == 2


async def test_an_unknown_user_reaches_nothing_but_onboarding(ura: Ura) -> None:
    t = ura.telegram
    stranger = t.add_user(first_name="Stranger", language_code="en")
    await t.send_text(stranger, "/members")
    await t.wait_for_message(stranger, contains="not a member of Ura yet")
    await t.send_text(stranger, "/help")
    help_ = await t.wait_for_message(stranger, contains="/start")
    assert "/members" not in help_.text


async def test_languages_switch_with_a_button(ura: Ura) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    await t.send_text(ana, "/language")
    await t.wait_for_message(ana, contains="Zgjidhni gjuhën")
    await t.press_button(ana, "🇬🇧 English")
    done = await t.wait_for_message(ana, contains="Language: English")
    await t.send_text(ana, "/help")
    await t.wait_for_message(ana, contains="Tap a blue command", after=done)


async def test_cancel_leaves_a_flow(ura: Ura) -> None:
    t = ura.telegram
    besa = t.add_user(first_name="Besa", language_code="en")
    await t.send_text(besa, "/start")
    await t.wait_for_message(besa, contains="1/4")
    await t.send_text(besa, "/cancel")
    await t.wait_for_message(besa, contains="Cancelled")
    await t.send_text(besa, "hello?")
    await t.wait_for_message(besa, contains="didn't understand")
