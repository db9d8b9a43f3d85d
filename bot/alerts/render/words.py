"""Every catalog key an alert's word maps to, written out: no key is built from a value, so the
i18n test sees them all and a new enum member without its text fails there, not on a phone."""

from __future__ import annotations

from bot.alerts.model import Category, ReferralStatus, Result, Status, Urgency

CATEGORY = {
    Category.POTENTIAL_VICTIM: "alert.category.potential_victim",
    Category.CHILD_AT_RISK: "alert.category.child_at_risk",
    Category.RECRUITMENT: "alert.category.recruitment",
    Category.MISSING_PERSON: "alert.category.missing_person",
    Category.OTHER: "alert.category.other",
}
URGENCY = {Urgency.URGENT: "alert.urgency.urgent", Urgency.NORMAL: "alert.urgency.normal"}
CARD_TITLE = {Urgency.URGENT: "alert.card.title.urgent", Urgency.NORMAL: "alert.card.title.normal"}
LIST_LINE = {Urgency.URGENT: "alert.list.line.urgent", Urgency.NORMAL: "alert.list.line.normal"}
STATUS = {
    Status.OPEN: "alert.status.open",
    Status.ACKNOWLEDGED: "alert.status.acknowledged",
    Status.IN_ACTION: "alert.status.in_action",
    Status.RESOLVED: "alert.status.resolved",
}
# A press that changed nothing, as its toast; a note refused or empty; a referral not sent.
TOAST = {
    Result.ALREADY: "alert.toast.already",
    Result.REFUSED: "alert.toast.refused",
    Result.CLOSED: "alert.toast.closed",
}
NOTE = {Result.REFUSED: "alert.note.refused", Result.EMPTY: "alert.note.empty"}
REFER = {Result.REFUSED: "alert.refer.refused", Result.NOBODY: "alert.refer.nobody"}
REFERRAL = {
    ReferralStatus.ACCEPTED: "alert.referral.accepted",
    ReferralStatus.DECLINED: "alert.referral.declined",
}
REFERRAL_NOTICE = {
    ReferralStatus.ACCEPTED: "alert.referral.accepted_notice",
    ReferralStatus.DECLINED: "alert.referral.declined_notice",
}
HISTORY = {
    "raised": "alert.history.raised",
    "acknowledged": "alert.history.acknowledged",
    "acting": "alert.history.acting",
    "escalated": "alert.history.escalated",
    "note": "alert.history.note",
    "released": "alert.history.released",
    "resolved": "alert.history.resolved",
    "stale": "alert.history.stale",
    "referred": "alert.history.referred",
    "referral_accepted": "alert.history.referral_accepted",
    "referral_declined": "alert.history.referral_declined",
}
ESCALATION_TO = {
    "coordinators": "alert.escalation.to.coordinators",
    "committee": "alert.escalation.to.committee",
    "on_duty": "alert.escalation.to.on_duty",
    "on_duty_next": "alert.escalation.to.on_duty_next",
    "sector": "alert.escalation.to.sector",
    "chair": "alert.escalation.to.chair",
}
ESCALATION_WHO = {
    "c": "alert.escalation.who.c",
    "m": "alert.escalation.who.m",
    "b": "alert.escalation.who.b",
    "o": "alert.escalation.who.o",
    "n": "alert.escalation.who.n",
    "s": "alert.escalation.who.s",
    "h": "alert.escalation.who.h",
}
EDIT = {
    "region": "alert.edit.region",
    "category": "alert.edit.category",
    "urgency": "alert.edit.urgency",
    "description": "alert.edit.description",
    "attachment": "alert.edit.attachment",
}
ATTACHMENT = {
    "photo": "alert.attachment.photo",
    "document": "alert.attachment.document",
    "location": "alert.attachment.location",
}
LINE = {  # the one-line /alert: which part is wrong
    "region": "alert.line.region",
    "category": "alert.line.category",
    "urgency": "alert.line.urgency",
    "description": "alert.line.description",
    "too_long": "input.too_long",
}
ESCALATED_TO = {  # whom an escalation step reached, as the sender and holders read it
    "coordinators": "flows.alert.escalation.to.coordinators",
    "committee": "flows.alert.escalation.to.committee",
    "on_duty": "flows.alert.escalation.to.on_duty",
    "on_duty_next": "flows.alert.escalation.to.on_duty_next",
    "sector": "flows.alert.escalation.to.sector",
    "chair": "flows.alert.escalation.to.chair",
}
TO_SENDER = {  # an escalation step, as its sender learns it: nobody acknowledged / took it
    "ack": "flows.alert.escalation.sender.ack",
    "act": "flows.alert.escalation.sender.act",
}
