"""Roundtables (tryeza): meetings, who was invited and answered, chairs, follow-up actions.

Invitees are a snapshot taken when the notice goes out, so RSVPs, reminders and attendance
all speak of the same people even if group memberships change later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # the calendar entry's UID
    sequence: Mapped[int] = mapped_column(default=0)  # raised on each change (RFC 5545)
    organiser_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"all": bool, "groups": [ids]}
    title: Mapped[str] = mapped_column(String(160))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    place: Mapped[str] = mapped_column(String(300))
    agenda: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # scheduled|cancelled
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MeetingInvitee(Base):
    __tablename__ = "meeting_invitees"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    response: Mapped[str | None] = mapped_column(String(8))  # yes | no | maybe
    responded_at: Mapped[datetime | None]
    # The answer given for the day the meeting had before it moved to another day: shown
    # while the invitee has not answered again.
    previous_response: Mapped[str | None] = mapped_column(String(8))
    attended: Mapped[bool | None]


class MeetingChair(Base):
    """A member who may convene roundtables of one group, appointed by a coordinator."""

    __tablename__ = "meeting_chairs"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    appointed_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class MeetingAction(Base):
    """A decision to follow up: what, who owns it, by when."""

    __tablename__ = "meeting_actions"
    __table_args__ = (Index("ix_meeting_actions_open", "owner_member_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(String(300))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | done
    done_at: Mapped[datetime | None]
    created_by_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
