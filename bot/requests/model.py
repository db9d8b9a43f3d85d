"""The words of the requests feature: kinds, targets, states, verdicts, recipients' roles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload

REF = "info_request"  # the outbox and the log name a request's card copies with this
NOTICE_REF = "info_request_notice"  # reminders and answers: not cards, never re-rendered
DEFAULT_DUE_DAYS = 14  # the Advisory Group's agreed default time to answer
DUE_CHOICES = (7, 14, 30)  # days offered as buttons; a typed date is also accepted
REMIND_BEFORE_DAYS = 3  # addressees are reminded three days before the due date, and on it
REMIND_HOUR = 9  # reminders and the overdue flag go out at nine in the morning, local time
MAX_TEXT = 2000  # a question or recommendation; an answer may be as long
MAX_LIST = 15  # lines of /requests on one phone screen


class Kind(StrEnum):
    QUESTION = "question"  # kërkesë për informacion
    RECOMMENDATION = "recommendation"  # rekomandim


class Target(StrEnum):
    SECTOR = "sector"  # one sector of a regional committee, e.g. the police of Durrës
    COMMITTEE = "committee"  # the whole regional committee
    OFFICE = "office"  # the National Coordinator's office


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    PARTLY = "partly"
    NOT_ACCEPTED = "not_accepted"


class RecipientRole(StrEnum):
    ADDRESSEE = "addressee"  # may answer and forward
    FORWARDED = "forwarded"  # a colleague an addressee passed it to: may answer too
    CHAIR = "chair"  # the committee's chair follows it
    COORDINATOR = "coordinator"  # the coordinator's office follows it

    @property
    def answers(self) -> bool:
        return self in (RecipientRole.ADDRESSEE, RecipientRole.FORWARDED)


class Shown(StrEnum):
    """How /requests files a request for the reader."""

    OPEN = "open"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    CLOSED = "closed"


class AskStep(StrEnum):
    """The questions of /request, in order."""

    KIND = "kind"
    REGION = "region"
    SECTOR = "sector"
    TEXT = "text"
    DUE = "due"
    ATTACHMENT = "attachment"


class AnswerStep(StrEnum):
    """The questions of an answer, in order (the verdict only for a recommendation)."""

    VERDICT = "verdict"
    TEXT = "text"
    ATTACHMENT = "attachment"


class Stage(StrEnum):
    """Which reminder: three days before the due date, or on it."""

    BEFORE = "before"
    DUE = "due"


# The catalog keys of these words, spelled out so the catalog check sees every one.
TITLE_KEYS = {
    Kind.QUESTION: "request.title.question",
    Kind.RECOMMENDATION: "request.title.recommendation",
}
KIND_KEYS = {
    Kind.QUESTION: "request.kind.question",
    Kind.RECOMMENDATION: "request.kind.recommendation",
}
SHORT_KIND_KEYS = {
    Kind.QUESTION: "request.kind.short.question",
    Kind.RECOMMENDATION: "request.kind.short.recommendation",
}
TEXT_PROMPT_KEYS = {
    Kind.QUESTION: "request.text.prompt.question",
    Kind.RECOMMENDATION: "request.text.prompt.recommendation",
}
VERDICT_KEYS = {
    Verdict.ACCEPTED: "request.verdict.accepted",
    Verdict.PARTLY: "request.verdict.partly",
    Verdict.NOT_ACCEPTED: "request.verdict.not_accepted",
}
SHOWN_KEYS = {
    Shown.OPEN: "request.shown.open",
    Shown.OVERDUE: "request.shown.overdue",
    Shown.ANSWERED: "request.shown.answered",
    Shown.CLOSED: "request.shown.closed",
}
REMINDER_KEYS = {Stage.BEFORE: "request.reminder.before", Stage.DUE: "request.reminder.due"}
DUE_REFUSED = {"unparsable": "request.due.unparsable", "past": "request.due.past"}


class Timers(StrEnum):
    REMIND = "request.remind"  # payload {"stage": "before" | "due"}
    OVERDUE = "request.overdue"


@dataclass(frozen=True)
class Address:
    """Whom a request is for: a sector of a region, a whole region, or the office."""

    target: Target
    group_id: int | None = None
    agency: str | None = None


class RequestRefused(Exception):
    """The actor may not do this to this request (or it is gone); the key says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# The buttons of a request's card and of /requests (codes and layouts phones already hold).
@dataclass(frozen=True)
class StartAnswer(Payload, code="rqa"):
    request: int


@dataclass(frozen=True)
class ForwardMenu(Payload, code="rqf"):
    request: int


@dataclass(frozen=True)
class ForwardTo(Payload, code="rqF"):
    request: int
    colleague: int


@dataclass(frozen=True)
class CloseRequest(Payload, code="rqc"):
    request: int


@dataclass(frozen=True)
class OpenRequest(Payload, code="rqv"):
    request: int
