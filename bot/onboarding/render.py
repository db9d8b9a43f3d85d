"""Texts of joining Ura: the welcome, the access request card and its outcome."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import Safe, Translator
from bot.core.labels import (
    agency_choices,
    agency_label,
    group_choices,
    group_names,
    organisation_name,
    prompt,
)
from bot.core.rendering import Button, Reply
from bot.members.model import role_key
from bot.onboarding.model import PROMPTS, AccessStep, Approve, Reject, RequestStatus
from storage.members import AccessRequest, Group, Member


def welcome(t: Translator, lang: str, member: Member, privacy: Safe) -> Reply:
    """The welcome, with the privacy notice (``privacy_notice``) below it."""
    text = t(
        lang,
        "start.welcome",
        name=member.display_name,
        role=t(lang, role_key(member.role)),
        organisation=organisation_name(member),
        groups=group_names(t, lang, member.groups),
    )
    return Reply(Safe(f"{text}\n\n{privacy}"))


def access_card(
    t: Translator,
    lang: str,
    request: AccessRequest,
    region: Group | None,
    decided_by: str | None = None,
) -> Reply:
    text = t(
        lang,
        "access.card",
        id=request.id,
        name=request.display_name,
        organisation=request.organisation_name,
        agency=agency_label(t, lang, request.agency),
        region=region.name if region else "—",
    )
    if request.status == RequestStatus.PENDING:
        buttons = (
            (
                Button.press(t(lang, "access.approve"), Approve(request.id)),
                Button.press(t(lang, "access.reject"), Reject(request.id)),
            ),
        )
        return Reply(text, buttons)
    approved = request.status == RequestStatus.APPROVED
    outcome_key = "access.approved_by" if approved else "access.rejected_by"
    return Reply(Safe(f"{text}\n\n{t(lang, outcome_key, name=decided_by or '—')}"))


def access_question(t: Translator, lang: str, step: AccessStep, regions: Sequence[Group]) -> Reply:
    """The next question of the access request, with buttons where the answer is a choice."""
    options = (
        agency_choices(t, lang)
        if step == AccessStep.AGENCY
        else group_choices(regions)
        if step == AccessStep.REGION
        else []
    )
    return prompt(
        t,
        lang,
        PROMPTS[step],
        options,
        flow_step=f"access.{step}",
        per_row=3 if step == AccessStep.REGION else 2,
    )
