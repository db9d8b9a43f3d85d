"""Pure renderers for monitoring requests: the card every copy shows, prompts, the list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import agency_label, organisation_name, prompt
from bot.core.local_time import format_day
from bot.core.rendering import Button, Reply, rows
from bot.requests.model import (
    DUE_CHOICES,
    KIND_KEYS,
    MAX_LIST,
    REMINDER_KEYS,
    SHORT_KIND_KEYS,
    SHOWN_KEYS,
    TEXT_PROMPT_KEYS,
    TITLE_KEYS,
    VERDICT_KEYS,
    CloseRequest,
    ForwardMenu,
    ForwardTo,
    Kind,
    OpenRequest,
    RecipientRole,
    Shown,
    Stage,
    StartAnswer,
    Target,
    Verdict,
)
from storage.members import Group, Member
from storage.requests import InfoRequest, InfoRequestAnswer

ANSWERS_SHOWN = 3  # the latest answers on the card; /requests opens the whole record
ANSWER_CLIP = 300  # characters of each answer on the card, so the card stays one message
_DATE_ONLY = ZoneInfo("UTC")  # a due date is a calendar day: no zone moves it
_ICON = {Shown.OPEN: "⏳", Shown.OVERDUE: "⚠️", Shown.ANSWERED: "✅", Shown.CLOSED: "🔒"}


@dataclass(frozen=True)
class View:
    """What a card shows, gathered by the feature's notify module."""

    request: InfoRequest
    asker: Member
    group: Group | None
    answers: Sequence[tuple[InfoRequestAnswer, Member]]
    shown: Shown


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def address(t: Translator, lang: str, request: InfoRequest, group: Group | None) -> Safe:
    if request.target == Target.OFFICE or group is None:
        return t(lang, "request.to.office")
    if request.target == Target.COMMITTEE:
        return t(lang, "request.to.committee", group=group.name)
    sector = agency_label(t, lang, request.agency or "other")
    return t(lang, "request.to.sector", sector=Safe(sector), group=group.name)


def _day(day: date) -> str:
    return format_day(day, _DATE_ONLY)


def _verdict(t: Translator, lang: str, verdict: str) -> Safe:
    return t(lang, "request.verdict", verdict=Safe(t(lang, VERDICT_KEYS[Verdict(verdict)])))


def card(t: Translator, lang: str, view: View, role: RecipientRole | None, zone: ZoneInfo) -> Reply:
    """One copy of the request; buttons follow what this reader may still do with it."""
    request = view.request
    lines: list[str] = [
        t(lang, TITLE_KEYS[Kind(request.kind)], id=request.id),
        t(lang, "request.from", name=view.asker.display_name, org=organisation_name(view.asker)),
        t(lang, "request.to", to=Safe(address(t, lang, request, view.group))),
        t(lang, "request.due", day=_day(request.due_on)),
        t(
            lang,
            "request.state",
            icon=_ICON[view.shown],
            state=Safe(t(lang, SHOWN_KEYS[view.shown])),
        ),
    ]
    if request.verdict:
        lines.append(_verdict(t, lang, request.verdict))
    lines += ["", escape(request.text)]
    if view.answers:
        lines += ["", t(lang, "request.answers", count=len(view.answers))]
        for answer, author in view.answers[-ANSWERS_SHOWN:]:
            lines.append(
                t(
                    lang,
                    "request.answer_line",
                    name=author.display_name,
                    org=organisation_name(author),
                    at=format_day(answer.created_at, zone),
                    text=_clip(answer.text, ANSWER_CLIP),
                )
            )
    return Reply(Safe("\n".join(lines)), _buttons(t, lang, view, role))


def _buttons(
    t: Translator, lang: str, view: View, role: RecipientRole | None
) -> tuple[tuple[Button, ...], ...]:
    if view.shown is Shown.CLOSED:
        return ()
    rid = view.request.id
    buttons: list[Button] = []
    if role is not None and role.answers:
        buttons.append(Button.press(t(lang, "request.button.answer"), StartAnswer(rid)))
        buttons.append(Button.press(t(lang, "request.button.forward"), ForwardMenu(rid)))
    if role is None and view.shown is Shown.ANSWERED:  # the asker's own copy
        buttons.append(Button.press(t(lang, "request.button.close"), CloseRequest(rid)))
    return rows(buttons, 1)


def kind_prompt(t: Translator, lang: str) -> Reply:
    choices = [(k.value, t(lang, KIND_KEYS[k])) for k in Kind]
    return prompt(t, lang, "request.kind.prompt", choices, "request.kind", per_row=1)


def region_prompt(t: Translator, lang: str, regions: Sequence[Group]) -> Reply:
    choices = [(str(g.id), g.name) for g in regions] + [
        (Target.OFFICE.value, t(lang, "request.to.office"))
    ]
    return prompt(t, lang, "request.region.prompt", choices, "request.region", per_row=3)


def sector_prompt(t: Translator, lang: str, agencies: Sequence[str]) -> Reply:
    choices = [(a, agency_label(t, lang, a)) for a in agencies]
    choices.append((Target.COMMITTEE.value, t(lang, "request.sector.whole")))
    return prompt(t, lang, "request.sector.prompt", choices, "request.sector", per_row=2)


def text_prompt(t: Translator, lang: str, kind: Kind) -> Reply:
    return prompt(t, lang, TEXT_PROMPT_KEYS[kind])


def due_prompt(t: Translator, lang: str, today: date) -> Reply:
    choices = [
        (
            f"+{days}",
            t(lang, "request.due.in_days", days=days, day=_day(today + timedelta(days=days))),
        )
        for days in DUE_CHOICES
    ]
    return prompt(t, lang, "request.due.prompt", choices, "request.due", per_row=1)


def attachment_prompt(t: Translator, lang: str, flow: str) -> Reply:
    return prompt(
        t,
        lang,
        "request.attachment.prompt",
        [("none", t(lang, "request.attachment.skip"))],
        f"{flow}.attachment",
    )


def verdict_prompt(t: Translator, lang: str) -> Reply:
    choices = [(v.value, t(lang, VERDICT_KEYS[v])) for v in Verdict]
    return prompt(
        t, lang, "request.answer.verdict.prompt", choices, "request_answer.verdict", per_row=1
    )


def answer_text_prompt(t: Translator, lang: str) -> Reply:
    return prompt(t, lang, "request.answer.text.prompt")


def colleagues_prompt(t: Translator, lang: str, request_id: int, people: Sequence[Member]) -> Reply:
    if not people:
        return Reply(t(lang, "request.forward.nobody"))
    buttons = [Button.press(p.display_name, ForwardTo(request_id, p.id)) for p in people]
    return Reply(t(lang, "request.forward.prompt"), rows(buttons, 2))


def answer_notice(
    t: Translator, lang: str, request: InfoRequest, answer: InfoRequestAnswer, author: Member
) -> Reply:
    lines: list[str] = [
        t(
            lang,
            "request.answered.notice",
            id=request.id,
            name=author.display_name,
            org=organisation_name(author),
        ),
    ]
    if answer.verdict:
        lines.append(_verdict(t, lang, answer.verdict))
    lines += ["", escape(answer.text)]
    return Reply(Safe("\n".join(lines)))


def reminder(t: Translator, lang: str, request: InfoRequest, stage: Stage) -> Reply:
    return Reply(t(lang, REMINDER_KEYS[stage], id=request.id, day=_day(request.due_on)))


def overdue(t: Translator, lang: str, request: InfoRequest, to: Safe) -> Reply:
    return Reply(t(lang, "request.overdue", id=request.id, day=_day(request.due_on), to=to))


def listing(t: Translator, lang: str, items: Sequence[tuple[InfoRequest, Shown, Safe]]) -> Reply:
    if not items:
        return Reply(t(lang, "request.list.empty"))
    lines = [t(lang, "request.list.title", count=len(items))]
    buttons: list[Button] = []
    for request, state, to in items[:MAX_LIST]:
        lines.append(
            t(
                lang,
                "request.list.line",
                icon=_ICON[state],
                id=request.id,
                kind=Safe(t(lang, SHORT_KIND_KEYS[Kind(request.kind)])),
                to=to,
                day=_day(request.due_on),
                state=Safe(t(lang, SHOWN_KEYS[state])),
            )
        )
        buttons.append(Button.press(f"#{request.id}", OpenRequest(request.id)))
    if len(items) > MAX_LIST:
        lines.append(t(lang, "request.list.more", count=len(items) - MAX_LIST))
    return Reply(Safe("\n".join(lines)), rows(buttons, 5))
