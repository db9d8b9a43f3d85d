"""The words of the exchange log as types: what kind of entry a row is and its topic.

Stored values are these enums' values (``exchange_entries.kind`` and ``.topic``), so the
database needs no migration. Every feature writes its entries with one of these kinds."""

from __future__ import annotations

from enum import StrEnum


class EntryKind(StrEnum):
    UPDATE = "update"  # /update: a member's news to their groups
    REPLY = "reply"  # a reply in a thread (to an update, or about a feature's thing)
    ALERT = "alert"
    NOTE = "note"  # a note on an alert
    NOTICE = "notice"
    BROADCAST = "broadcast"
    MEETING = "meeting"
    DIGEST = "digest"
    REQUEST = "request"  # an Advisory Group monitoring request
    REQUEST_ANSWER = "request_answer"


class Topic(StrEnum):
    PREVENTION = "prevention"
    VICTIM_ASSISTANCE = "victim_assistance"
    CHILD_PROTECTION = "child_protection"
    INVESTIGATION = "investigation"
    REINTEGRATION = "reintegration"
    OTHER = "other"


TOPICS: tuple[Topic, ...] = tuple(Topic)  # in the order /update offers them
