"""The privacy guard on every typed text that others will read, not only on alerts.

A note, a closing note, a referral reason or a refusal's reason, an update to a group, a
roundtable's agenda and a follow-up's text are checked when typed into their saved form.
When the guard finds an identifier, the text is held in the form (not yet answered) and the
writer chooses: send it anyway, or write it again. The alert's own description keeps its
step in the alert form (handlers/alerts.py); this covers the other forms alike.
"""

from __future__ import annotations

from typing import Any

from bot.services.alert_guard import Finding, find_identifiers
from storage.members import Draft

# (form, step) whose typed text is checked.
GUARDED: frozenset[tuple[str, str]] = frozenset(
    {
        ("alert_note", "text"),
        ("alert_resolve", "text"),
        ("alert_refer", "reason"),
        ("alert_decline", "reason"),
        ("exchange", "text"),
        ("meeting", "agenda"),
        ("meeting_action", "text"),
    }
)
KEEP, EDIT = "guard_keep", "guard_edit"  # the two answers to a warning
_PENDING = "guard_pending"


def hold(draft: Draft, text: str) -> list[Finding]:
    """Check a typed answer; when it names someone, keep it aside and return the findings."""
    if (draft.flow, draft.step) not in GUARDED:
        return []
    found = find_identifiers(text)
    if found:
        draft.data = {**draft.data, _PENDING: {"step": draft.step, "text": text}}
    return found


def release(draft: Draft, choice: str) -> str | None:
    """The held text when the writer keeps it; None when they will write it again."""
    data: dict[str, Any] = dict(draft.data)
    pending = data.pop(_PENDING, None)
    draft.data = data  # reassigned: JSON change tracking
    if choice == KEEP and isinstance(pending, dict) and pending.get("step") == draft.step:
        return str(pending["text"])
    return None
