"""Every model in one import, so Alembic and the tests see the whole schema."""

from storage.audit import AuditEvent
from storage.base import Base
from storage.members import AccessRequest, Draft, Group, Invite, Member, Membership, Organisation
from storage.outbox import Broadcast, DeliveryWorker, OutboxMessage

__all__ = [
    "AccessRequest",
    "AuditEvent",
    "Base",
    "Broadcast",
    "DeliveryWorker",
    "Draft",
    "Group",
    "Invite",
    "Member",
    "Membership",
    "Organisation",
    "OutboxMessage",
]
