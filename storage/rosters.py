"""Duty rosters: per region and sector, a rotation of members with a hand-over time, the
overrides that cover it (holiday, sickness, a swap), and each region's working hours."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Rotation(Base):
    __tablename__ = "rotations"
    __table_args__ = (UniqueConstraint("group_id", "agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    agency: Mapped[str] = mapped_column(String(32))
    period_days: Mapped[int]  # 1 = daily, 7 = weekly
    handover_minute: Mapped[int]  # minutes after local midnight, e.g. 480 = 08:00
    starts_on: Mapped[date]  # the local day the first member's first shift begins
    member_ids: Mapped[list[int]] = mapped_column(JSON)  # the order of the rotation
    zone: Mapped[str] = mapped_column(String(64))  # hand-overs follow this zone's clock
    updated_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    updated_at: Mapped[datetime]


class RosterOverride(Base):
    """One member covers the rotation for a while, instead of whoever would be on duty."""

    __tablename__ = "roster_overrides"
    __table_args__ = (Index("ix_roster_overrides_rotation_span", "rotation_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rotation_id: Mapped[int] = mapped_column(ForeignKey("rotations.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))  # who covers
    replaces_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(16))  # cover | swap
    status: Mapped[str] = mapped_column(String(16))  # active | offered | declined | cancelled
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class WorkingHours(Base):
    """When a region's offices are staffed; outside them urgent alerts go to those on duty."""

    __tablename__ = "working_hours"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    weekdays: Mapped[list[int]] = mapped_column(JSON)  # 0 = Monday
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    on_duty_first: Mapped[bool]  # outside hours: the on-duty member(s) first
    updated_at: Mapped[datetime]


class AlertOnDuty(Base):
    """Who was on duty for each routed sector when an alert arrived (for /alerts and reports)."""

    __tablename__ = "alert_on_duty"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32))
    outside_hours: Mapped[bool]
