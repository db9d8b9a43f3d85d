"""Texts of broadcasts: the /broadcast questions, the preview, what members receive, the
coordinator's progress message and the /broadcasts list (the report: broadcast_report.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Audience, Reach, Snapshot
from bot.broadcasts.rules import Compose, Spec
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import agency_choices, agency_label, prompt
from bot.core.permissions import Role
from bot.core.rendering import Button, Reply, rows
from bot.delivery.repair import split_plain
from storage.members import Group
from storage.outbox import Broadcast

MAX_NAMES = 40  # per list in a report; the rest are counted
ACTIVE = ("scheduled", "sending")


def local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def audience_label(t: Translator, lang: str, audience: Audience, groups: Sequence[Group]) -> Safe:
    if audience.kind == "role":
        value = ", ".join(t(lang, f"role.{v}") for v in audience.values)
    elif audience.kind == "agency":
        value = ", ".join(agency_label(t, lang, v) for v in audience.values)
    elif audience.kind == "groups":
        value = ", ".join(escape(g.name) for g in groups)
    else:
        return t(lang, "broadcast.audience.everyone")
    return Safe(f"{t(lang, f'broadcast.label.{audience.kind}')}: {value}")


def audience_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    kinds = ("everyone", "role", "agency", "groups")
    return [(kind, t(lang, f"broadcast.audience.{kind}")) for kind in kinds]


def target_choices(t: Translator, lang: str, kind: str) -> list[tuple[str, str]]:
    if kind == "role":
        return [(r.value, t(lang, f"role.{r.value}")) for r in Role]
    return agency_choices(t, lang) if kind == "agency" else []


def group_picker(t: Translator, lang: str, groups: Sequence[Group], chosen: set[str]) -> Reply:
    """Tick groups one press at a time (the message is edited in place), then Done."""
    buttons = [
        Button(f"{'✅ ' if str(g.id) in chosen else ''}{g.name}", "f", f"broadcast.to.{g.id}")
        for g in groups
    ]
    done = Button(t(lang, "broadcast.done_button"), "f", "broadcast.to.done")
    text = Safe(f"{t(lang, 'broadcast.to.groups.prompt')}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, (*rows(buttons, 3), (done,)))


def with_skip(t: Translator, lang: str, key: str, step: str) -> Reply:
    text = Safe(f"{t(lang, key)}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, ((Button(t(lang, "broadcast.skip"), "bcs", step),),))


def question(
    t: Translator, lang: str, step: str, kind: str, now: datetime, zone: ZoneInfo
) -> Reply:
    """The flow's questions that need nothing from the database."""
    key = f"broadcast.{step}.prompt"
    if step == "audience":
        return prompt(t, lang, key, audience_choices(t, lang), "broadcast.audience")
    if step == "to":
        return prompt(t, lang, f"{key}.{kind}", target_choices(t, lang, kind), "broadcast.to")
    if step in ("text_en", "attachment"):
        return with_skip(t, lang, key, step)
    if step == "when":
        return when_prompt(t, lang, key, now, zone)
    return prompt(t, lang, key)


def body(t: Translator, lang: str, text_sq: str, text_en: str | None) -> Safe:
    """The message as a member reads it: their language, else Albanian; the text escaped."""
    text = text_en if lang == "en" and text_en else text_sq
    return t(lang, "broadcast.message", text=text)


PART = 3800  # characters of a body per message, under Telegram's 4096


def composer(t: Translator) -> Compose:
    """What each recipient gets, in their language: the text, then the attachment, if any."""

    def compose(broadcast: Broadcast, lang: str) -> list[Reply]:
        # Split before sending (a body may be 10,000 characters), so the attachment comes
        # after all of the text rather than between its parts.
        text = broadcast.text_en if lang == "en" and broadcast.text_en else broadcast.text_sq
        first, *rest = split_plain(text, PART)
        replies = [Reply(body(t, lang, first, None))]
        replies += [Reply(Safe(escape(part))) for part in rest]
        if broadcast.attachment:
            replies.append(Reply("", document=dict(broadcast.attachment)))
        return replies

    return compose


def preview(t: Translator, lang: str, spec: Spec, reach: Reach, groups: Sequence[Group]) -> Reply:
    languages = ", ".join(
        f"{t(lang, f'language.name.{k}')} {n}" for k, n in reach.by_language.items()
    )
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
        parts.append(
            t(lang, "broadcast.preview.as", language_name=t(lang, f"language.name.{code}"))
        )
        parts.append(body(t, code, spec.text_sq, spec.text_en))
    if not spec.text_en:
        parts.append(t(lang, "broadcast.preview.no_english"))
    if spec.attachment:
        parts.append(t(lang, "broadcast.preview.attachment", name=spec.attachment["filename"]))
    if not reach.recipients:
        parts.append(t(lang, "broadcast.preview.nobody"))
        return Reply(Safe("\n\n".join(parts)))
    choices = [("now", "broadcast.send_now"), ("later", "broadcast.send_later")]
    buttons = [Button(t(lang, key), "f", f"broadcast.confirm.{value}") for value, key in choices]
    cancel = Button(t(lang, "broadcast.cancel_button"), "f", "broadcast.confirm.cancel")
    return Reply(Safe("\n\n".join(parts)), (tuple(buttons), (cancel,)))


def status(t: Translator, lang: str, broadcast: Broadcast, zone: ZoneInfo) -> Safe:
    when = local(broadcast.send_at, zone) if broadcast.send_at else ""
    return t(lang, f"broadcast.status.{broadcast.status}", when=when)


def progress(
    t: Translator,
    lang: str,
    broadcast: Broadcast,
    state: Snapshot,
    audience: Safe,
    zone: ZoneInfo,
) -> Reply:
    text = t(
        lang,
        "broadcast.progress",
        id=broadcast.id,
        audience=audience,
        status=status(t, lang, broadcast, zone),
        done=state.done,
        total=state.total,
    )
    if broadcast.status not in ACTIVE:
        return Reply(text)
    return Reply(text, ((Button(t(lang, "broadcast.cancel_button"), "bcx", str(broadcast.id)),),))


def listing(
    t: Translator,
    lang: str,
    items: Sequence[tuple[Broadcast, Snapshot, Safe]],
    older: int | None,
    zone: ZoneInfo,
) -> Reply:
    """A page of broadcasts; `older` is where the next page starts, if there is one."""
    if not items:
        return Reply(t(lang, "broadcast.list.empty"))
    lines = [t(lang, "broadcast.list.title")]
    for broadcast, state, audience in items:
        line = t(
            lang,
            "broadcast.list.line",
            id=broadcast.id,
            created=local(broadcast.created_at, zone),
            audience=audience,
            status=status(t, lang, broadcast, zone),
            delivered=state.delivered,
            total=state.total,
        )
        lines.append(line)
    buttons = [Button(f"#{b.id}", "bco", str(b.id)) for b, _, _ in items]
    layout = rows(buttons, 5)
    if older is not None:
        layout = (*layout, (Button(t(lang, "broadcast.list.older"), "bcl", str(older)),))
    return Reply(Safe("\n".join(lines)), layout)


def when_prompt(t: Translator, lang: str, key: str, now: datetime, zone: ZoneInfo) -> Reply:
    """Ask for (or re-ask for) a send time, with an example: tomorrow at 10:00 local time."""
    example = (now.astimezone(zone) + timedelta(days=1)).strftime("%Y-%m-%d 10:00")
    return Reply(Safe(f"{t(lang, key, example=example)}\n{t(lang, 'flow.cancel_hint')}"))
