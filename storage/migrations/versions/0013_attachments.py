"""attachments: every stored attachment in the one shape {"kind": ...}

The exchange log's entries wrote {"type": ...} (updates, monitoring requests and answers) or a
bare {"file_id", "filename"} (broadcasts) beside the alerts' {"kind": ...}; monitoring requests
and answers wrote {"type": ...} and broadcasts a bare {"file_id", "filename"} (a document).
The rows are read and written back here in Python, so the same code runs on SQLite and
PostgreSQL. Downgrade writes each row back in the shape its writer used before.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Item = dict[str, Any]

_ENTRIES = sa.table(
    "exchange_entries",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("attachments", sa.JSON),
)
_SINGLE = [  # (table, the kind of attachment its old shape is): one attachment per row
    (sa.table(name, sa.column("id", sa.Integer), sa.column("attachment", sa.JSON)), old)
    for name, old in (
        ("info_requests", "type"),
        ("info_request_answers", "type"),
        ("broadcasts", "bare"),
    )
]


def to_kind(item: Item) -> Item:
    """{"type": k, ...} or a bare {"file_id", ...} (a document) as {"kind": k, ...}."""
    if not isinstance(item, dict) or "kind" in item:
        return item
    rest = {k: v for k, v in item.items() if k != "type"}
    if "type" in item:
        return {"kind": item["type"], **rest}
    return {"kind": "document", **rest} if "file_id" in item else item


def from_kind(item: Item, old: str) -> Item:
    """Back to the old shape: "type" (the log's updates, requests), "bare" (broadcasts) or
    "kind" (alerts: they always wrote it)."""
    if not isinstance(item, dict) or "kind" not in item or old == "kind":
        return item
    rest = {k: v for k, v in item.items() if k != "kind"}
    if old == "bare":
        return rest
    return {"type": item["kind"], **rest}


def _entry_shape(kind: str) -> str:
    return {"alert": "kind", "broadcast": "bare"}.get(kind, "type")


def _rewrite(change: Callable[[Item, str], Item]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_ENTRIES.c.id, _ENTRIES.c.kind, _ENTRIES.c.attachments))
    for entry_id, kind, items in rows.all():
        if not items:
            continue
        new = [change(item, _entry_shape(kind)) for item in items]
        if new != items:
            bind.execute(_ENTRIES.update().where(_ENTRIES.c.id == entry_id).values(attachments=new))
    for table, old in _SINGLE:
        found = bind.execute(sa.select(table.c.id, table.c.attachment)).all()
        for row_id, item in found:
            if item and change(item, old) != item:
                bind.execute(
                    table.update().where(table.c.id == row_id).values(attachment=change(item, old))
                )


def upgrade() -> None:
    _rewrite(lambda item, _old: to_kind(item))


def downgrade() -> None:
    _rewrite(from_kind)
