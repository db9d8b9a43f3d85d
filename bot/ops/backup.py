"""`ura db backup FILE` and `ura db restore FILE` for SQLite (PostgreSQL: pg_dump/pg_restore).

The backup uses SQLite's online backup API, so it is consistent while Ura runs and writes.
A restore refuses a database that a running Ura is using (a delivery worker's heartbeat is
fresh), and a backup made by a newer Ura (a migration this one does not know); an older
backup is restored and then brought to the newest migration.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from storage.migrate import alembic_config, upgrade_sync

PG_HINT = "for PostgreSQL use pg_dump and pg_restore (see the README)"


class BackupError(Exception):
    """Said to the operator in one line."""


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        raise BackupError(PG_HINT)
    return Path(parsed.database)


def _known_revisions(url: str) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return {r.revision for r in script.walk_revisions()}


def _level(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def _running(path: Path, stale_after: float) -> bool:
    if not path.exists():
        return False
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            rows = db.execute("SELECT heartbeat_at FROM delivery_workers").fetchall()
        except sqlite3.DatabaseError:
            return False
    cutoff = datetime.now(UTC) - timedelta(seconds=stale_after)
    for (beat,) in rows:
        when = datetime.fromisoformat(str(beat))
        if (when if when.tzinfo else when.replace(tzinfo=UTC)) > cutoff:
            return True
    return False


def backup(url: str, target: Path) -> str:
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as live,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)  # one consistent snapshot, taken while Ura may be writing
        level = _level(copy)
    return f"backup of {source} written to {target} (migration {level})"


def restore(url: str, source: Path, stale_after: float) -> str:
    target = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db:
        level = _level(backup_db)
        if level is None:
            raise BackupError(f"{source} is not a Ura database (no migration level)")
        if level not in _known_revisions(url):
            raise BackupError(f"{source} is at migration {level}, unknown to this Ura (newer?)")
        if _running(target, stale_after):
            raise BackupError(f"a running Ura is using {target}; stop it before restoring")
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(target)) as restored:
            backup_db.backup(restored)
    upgrade_sync(url)
    return f"restored {source} (migration {level}) into {target}, now at the newest migration"
