"""Every model in one import, so Alembic and the tests see the whole schema."""

from storage.alerts import Alert, AlertEvent, AlertPolicy, AlertRecipient, AlertReferral
from storage.audit import AuditEvent
from storage.base import Base
from storage.channels import (
    ChannelCursor,
    EmailMessage,
    MemberEmail,
    WebhookDelivery,
    WebhookEndpoint,
)
from storage.exchange import (
    ExchangeEntry,
    ExchangeEntryGroup,
    ExchangeEntryReader,
    ExchangeGroupSettings,
)
from storage.gate import PrivateHint
from storage.keys import SigningKey
from storage.meetings import Meeting, MeetingAction, MeetingChair, MeetingInvitee
from storage.members import AccessRequest, Draft, Group, Invite, Member, Membership, Organisation
from storage.outbox import Broadcast, DeliveryWorker, OutboxMessage
from storage.requests import InfoRequest, InfoRequestAnswer, InfoRequestRecipient
from storage.rosters import AlertOnDuty, RosterOverride, Rotation, WorkingHours
from storage.timers import Timer

__all__ = [
    "AccessRequest",
    "Alert",
    "AlertEvent",
    "AlertPolicy",
    "AlertOnDuty",
    "AlertRecipient",
    "AlertReferral",
    "AuditEvent",
    "Base",
    "Broadcast",
    "ChannelCursor",
    "DeliveryWorker",
    "Draft",
    "EmailMessage",
    "ExchangeEntry",
    "ExchangeEntryGroup",
    "ExchangeEntryReader",
    "ExchangeGroupSettings",
    "Group",
    "InfoRequest",
    "InfoRequestAnswer",
    "InfoRequestRecipient",
    "Invite",
    "Meeting",
    "MeetingAction",
    "MeetingChair",
    "MeetingInvitee",
    "Member",
    "MemberEmail",
    "Membership",
    "Organisation",
    "OutboxMessage",
    "PrivateHint",
    "SigningKey",
    "RosterOverride",
    "Rotation",
    "Timer",
    "WorkingHours",
    "WebhookDelivery",
    "WebhookEndpoint",
]
