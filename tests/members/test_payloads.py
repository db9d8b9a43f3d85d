"""The buttons of people, joining, /language and /email spell what phones already hold."""

import pytest

from bot.core.callbacks import Payload
from bot.core.permissions import Role
from bot.members.model import (
    ApplyGroup,
    GiveRole,
    GroupOp,
    KeepRole,
    OpenMember,
    PickGroup,
    Reactivate,
    RevokeInvite,
    SetLanguage,
    Suspend,
)
from bot.onboarding.model import Approve, Reject
from handlers.email import AddEmail, ChooseMode, RemoveEmail


@pytest.mark.parametrize(
    ("payload", "wire"),
    [
        (OpenMember(7), "mm:7"),
        (Suspend(7), "ms:7"),
        (Reactivate(7), "mr:7"),
        (PickGroup(GroupOp.ADD, 7), "mp:a.7"),
        (PickGroup(GroupOp.CHAIR, 7), "mp:c.7"),
        (ApplyGroup(GroupOp.REMOVE, 7, 3), "mx:r.7.3"),
        (RevokeInvite(12), "ivR:12"),
        (GiveRole(7, Role.COORDINATOR), "rlY:7.coordinator"),
        (KeepRole(7, Role.NGO), "rlN:7.ngo"),
        (SetLanguage("en"), "lang:en"),
        (Approve(4), "ar:4"),
        (Reject(4), "aj:4"),
        (AddEmail(), "ema:0"),
        (RemoveEmail(), "emr:0"),
        (ChooseMode.parse("urgent"), "emm:urgent"),
    ],
)
def test_each_button_spells_the_old_payload_and_reads_it_back(payload: Payload, wire: str) -> None:
    assert f"{payload.code}:{payload.arg}" == wire
    assert type(payload).parse(payload.arg) == payload


@pytest.mark.parametrize(
    ("kind", "arg"),
    [(OpenMember, "x"), (PickGroup, "z.7"), (ApplyGroup, "a.7"), (GiveRole, "7.king")],
)
def test_a_malformed_argument_is_nobodys(kind: type[Payload], arg: str) -> None:
    assert kind.parse(arg) is None
