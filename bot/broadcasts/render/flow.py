"""The questions of /broadcast and the preview that asks to send it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Reach
from bot.broadcasts.model import AudienceKind, FlowStep, Send, Skip
from bot.broadcasts.render.messages import (
    AUDIENCE_KEYS,
    LANGUAGE_KEYS,
    ROLE_KEYS,
    audience_label,
    body,
)
from bot.broadcasts.rules import Spec
from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_choices, prompt
from bot.core.permissions import Role
from bot.core.rendering import Button, Reply
from storage.members import Group

PROMPT_KEYS = {
    FlowStep.AUDIENCE: "broadcast.audience.prompt",
    FlowStep.TEXT_SQ: "broadcast.text_sq.prompt",
    FlowStep.TEXT_EN: "broadcast.text_en.prompt",
    FlowStep.ATTACHMENT: "broadcast.attachment.prompt",
    FlowStep.WHEN: "broadcast.when.prompt",
}
TARGET_KEYS = {
    AudienceKind.ROLE: "broadcast.to.prompt.role",
    AudienceKind.AGENCY: "broadcast.to.prompt.agency",
}
SEND_KEYS = {Send.NOW: "broadcast.send_now", Send.LATER: "broadcast.send_later"}


def audience_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(kind, t(lang, key)) for kind, key in AUDIENCE_KEYS.items()]


def target_choices(t: Translator, lang: str, kind: str) -> list[tuple[str, str]]:
    if kind == AudienceKind.ROLE:
        return [(r.value, t(lang, ROLE_KEYS[r])) for r in Role]
    return agency_choices(t, lang) if kind == AudienceKind.AGENCY else []


def with_skip(t: Translator, lang: str, key: str, step: FlowStep) -> Reply:
    text = Safe(f"{t(lang, key)}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, ((Button.press(t(lang, "broadcast.skip"), Skip(step)),),))


def question(
    t: Translator, lang: str, step: FlowStep, kind: str, now: datetime, zone: ZoneInfo
) -> Reply:
    """The flow's questions that need nothing from the database."""
    if step == FlowStep.TO:
        choices = target_choices(t, lang, kind)
        return prompt(t, lang, TARGET_KEYS[AudienceKind(kind)], choices, "broadcast.to")
    key = PROMPT_KEYS[step]
    if step == FlowStep.AUDIENCE:
        return prompt(t, lang, key, audience_choices(t, lang), "broadcast.audience")
    if step in (FlowStep.TEXT_EN, FlowStep.ATTACHMENT):
        return with_skip(t, lang, key, step)
    if step == FlowStep.WHEN:
        return when_prompt(t, lang, key, now, zone)
    return prompt(t, lang, key)


def preview(t: Translator, lang: str, spec: Spec, reach: Reach, groups: Sequence[Group]) -> Reply:
    languages = ", ".join(f"{t(lang, LANGUAGE_KEYS[k])} {n}" for k, n in reach.by_language.items())
    parts = [
        t(
            lang,
            "broadcast.preview",
            audience=audience_label(t, lang, spec.audience, groups),
            count=reach.recipients,
            languages=Safe(languages or "—"),
        )
    ]
    if reach.unreachable:
        parts.append(t.plural(lang, "broadcast.preview.unreachable", reach.unreachable))
    for code in ("sq", "en") if spec.text_en else ("sq",):
        parts.append(t(lang, "broadcast.preview.as", language_name=t(lang, LANGUAGE_KEYS[code])))
        parts.append(body(t, code, spec.text_sq, spec.text_en))
    if not spec.text_en:
        parts.append(t(lang, "broadcast.preview.no_english"))
    if spec.attachment:
        parts.append(t(lang, "broadcast.preview.attachment", name=spec.attachment.filename))
    if not reach.recipients:
        parts.append(t(lang, "broadcast.preview.nobody"))
        return Reply(Safe("\n\n".join(parts)))
    send = [
        Button.press(t(lang, k), Choice("broadcast", FlowStep.CONFIRM, v))
        for v, k in SEND_KEYS.items()
    ]
    cancel = Choice("broadcast", FlowStep.CONFIRM, Send.CANCEL)
    stop = Button.press(t(lang, "broadcast.cancel_button"), cancel)
    return Reply(Safe("\n\n".join(parts)), (tuple(send), (stop,)))


def when_prompt(t: Translator, lang: str, key: str, now: datetime, zone: ZoneInfo) -> Reply:
    """Ask for (or re-ask for) a send time, with an example: tomorrow at 10:00 local time."""
    example = (now.astimezone(zone) + timedelta(days=1)).strftime("%Y-%m-%d 10:00")
    return Reply(Safe(f"{t(lang, key, example=example)}\n{t(lang, 'flow.cancel_hint')}"))
