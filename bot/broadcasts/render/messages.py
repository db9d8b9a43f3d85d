"""Texts of broadcasts: what members receive, who it went to, the coordinator's progress
message and the /broadcasts list (the questions: render/flow.py; the report: report.py)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Audience, Snapshot
from bot.broadcasts.model import ACTIVE, AudienceKind, Older, OpenReport, Status, Stop
from bot.broadcasts.rules import Compose
from bot.core.attachments import Attachment
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import agency_label
from bot.core.local_time import format_moment
from bot.core.permissions import Role
from bot.core.picker import Picker
from bot.core.rendering import Button, Reply, rows
from bot.delivery.repair import split_plain
from storage.members import Group
from storage.outbox import Broadcast

MAX_NAMES = 40  # per list in a report; the rest are counted
PART = 3800  # characters of a body per message, under Telegram's 4096
PICKER = Picker("broadcast.to", "broadcast.to.groups.prompt", "broadcast.done_button")
ROLE_KEYS = {
    Role.COORDINATOR: "role.coordinator",
    Role.COMMITTEE: "role.committee",
    Role.NGO: "role.ngo",
}
LANGUAGE_KEYS = {"sq": "language.name.sq", "en": "language.name.en"}
AUDIENCE_KEYS = {
    AudienceKind.EVERYONE: "broadcast.audience.everyone",
    AudienceKind.ROLE: "broadcast.audience.role",
    AudienceKind.AGENCY: "broadcast.audience.agency",
    AudienceKind.GROUPS: "broadcast.audience.groups",
}
LABEL_KEYS = {
    AudienceKind.ROLE: "broadcast.label.role",
    AudienceKind.AGENCY: "broadcast.label.agency",
    AudienceKind.GROUPS: "broadcast.label.groups",
}
STATUS_KEYS = {
    Status.SCHEDULED: "broadcast.status.scheduled",
    Status.SENDING: "broadcast.status.sending",
    Status.DONE: "broadcast.status.done",
    Status.CANCELLED: "broadcast.status.cancelled",
}


def audience_label(t: Translator, lang: str, audience: Audience, groups: Sequence[Group]) -> Safe:
    if audience.kind == AudienceKind.ROLE:
        value = ", ".join(t(lang, ROLE_KEYS[Role(v)]) for v in audience.values)
    elif audience.kind == AudienceKind.AGENCY:
        value = ", ".join(agency_label(t, lang, v) for v in audience.values)
    elif audience.kind == AudienceKind.GROUPS:
        value = ", ".join(escape(g.name) for g in groups)
    else:
        return t(lang, AUDIENCE_KEYS[AudienceKind.EVERYONE])
    return Safe(f"{t(lang, LABEL_KEYS[audience.kind])}: {value}")


def group_picker(
    t: Translator, lang: str, groups: Sequence[Group], chosen: Collection[str]
) -> Reply:
    """Tick groups one press at a time (the message is edited in place), then Done."""
    return PICKER.render(t, lang, groups, chosen)


def body(t: Translator, lang: str, text_sq: str, text_en: str | None) -> Safe:
    """The message as a member reads it: their language, else Albanian; the text escaped."""
    text = text_en if lang == "en" and text_en else text_sq
    return t(lang, "broadcast.message", text=text)


def composer(t: Translator) -> Compose:
    """What each recipient gets, in their language: the text, then the attachment, if any."""

    def compose(broadcast: Broadcast, lang: str) -> list[Reply]:
        # Split before sending (a body may be 10,000 characters), so the attachment comes
        # after all of the text rather than between its parts.
        text = broadcast.text_en if lang == "en" and broadcast.text_en else broadcast.text_sq
        first, *rest = split_plain(text, PART)
        replies = [Reply(body(t, lang, first, None))]
        replies += [Reply(Safe(escape(part))) for part in rest]
        if (attachment := Attachment.from_json(broadcast.attachment)) is not None:
            replies.append(attachment.reply())
        return replies

    return compose


def status(t: Translator, lang: str, broadcast: Broadcast, zone: ZoneInfo) -> Safe:
    when = format_moment(broadcast.send_at, zone) if broadcast.send_at else ""
    return t(lang, STATUS_KEYS[Status(broadcast.status)], when=when)


def stop_button(t: Translator, lang: str, broadcast: Broadcast) -> Button:
    return Button.press(t(lang, "broadcast.cancel_button"), Stop(broadcast.id))


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
    return Reply(text, ((stop_button(t, lang, broadcast),),))


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
            created=format_moment(broadcast.created_at, zone),
            audience=audience,
            status=status(t, lang, broadcast, zone),
            delivered=state.delivered,
            total=state.total,
        )
        lines.append(line)
    buttons = [Button.press(f"#{b.id}", OpenReport(b.id)) for b, _, _ in items]
    layout = rows(buttons, 5)
    if older is not None:
        layout = (*layout, (Button.press(t(lang, "broadcast.list.older"), Older(older)),))
    return Reply(Safe("\n".join(lines)), layout)
