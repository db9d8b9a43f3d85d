"""The one group picker, as /meeting, /update and /broadcast show it."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.core.picker import DONE, EVERYONE, Picker, toggle
from storage.members import Group

GROUPS = [Group(id=1, slug="durres", name="Durrës"), Group(id=2, slug="vlore", name="Vlorë")]


def test_ticked_groups_carry_a_mark_and_done_comes_last():
    picker = Picker("meeting.groups", "meeting.groups.prompt", "meeting.groups.done", None)
    reply = picker.render(Translator(), "sq", GROUPS, ["2"])
    labels = [[b.label for b in row] for row in reply.buttons]
    assert labels[0] == ["Durrës", "✅ Vlorë"]
    assert reply.buttons[-1][0].arg == f"meeting.groups.{DONE}"


def test_everyone_is_offered_first_when_the_feature_allows_it():
    picker = Picker(
        "meeting.groups", "meeting.groups.prompt", "meeting.groups.done", "meeting.everyone"
    )
    reply = picker.render(Translator(), "sq", GROUPS, [EVERYONE])
    first = reply.buttons[0][0]
    assert first.label.startswith("✅ ")
    assert first.arg == f"meeting.groups.{EVERYONE}"


def test_everyone_and_single_groups_replace_each_other():
    allowed = {"1", "2"}
    assert toggle(["1"], EVERYONE, allowed) == [EVERYONE]
    assert toggle([EVERYONE], "2", allowed) == ["2"]
    assert toggle(["1", "2"], "1", allowed) == ["2"]
    assert toggle([EVERYONE], EVERYONE, allowed) == []


def test_a_group_not_offered_changes_nothing():
    assert toggle(["1"], "99", {"1", "2"}) == ["1"]
