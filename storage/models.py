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
from storage.exchange import ExchangeEntry, ExchangeEntryGroup, ExchangeGroupSettings
from storage.meetings import Meeting, MeetingAction, MeetingChair, MeetingInvitee
from storage.members import AccessRequest, Draft, Group, Invite, Member, Membership, Organisation
from storage.outbox import Broadcast, DeliveryWorker, OutboxMessage
from storage.timers import Timer

__all__ = [
    "AccessRequest",
    "Alert",
    "AlertEvent",
    "AlertPolicy",
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
    "ExchangeGroupSettings",
    "Group",
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
    "Timer",
    "WebhookDelivery",
    "WebhookEndpoint",
]
