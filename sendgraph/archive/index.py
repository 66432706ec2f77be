"""The archive's embedded index: SQLite, one row per WARC record, rebuilt-able from the WARCs.

The index is a cache of what the WARC files say (every column is recoverable from a record's
headers), so a row is only ever written after its record's bytes are in the WARC file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    rowid INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    url TEXT NOT NULL,
    captured TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    digest TEXT,
    snapshot TEXT,
    payload_length INTEGER,
    warc_file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    plugin TEXT,
    run_id TEXT,
    refers_to TEXT,
    profile TEXT,
    etag TEXT,
    last_modified TEXT,
    meta_json TEXT
);
CREATE INDEX IF NOT EXISTS records_url ON records (url, captured);
CREATE INDEX IF NOT EXISTS records_snapshot ON records (snapshot);
CREATE INDEX IF NOT EXISTS records_digest ON records (digest);
CREATE INDEX IF NOT EXISTS records_plugin ON records (plugin, captured);
CREATE INDEX IF NOT EXISTS records_run ON records (run_id, url);
CREATE INDEX IF NOT EXISTS records_file ON records (warc_file, offset);
CREATE TABLE IF NOT EXISTS warc_files (
    name TEXT PRIMARY KEY,
    sealed INTEGER NOT NULL DEFAULT 0,
    valid_length INTEGER
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    plugin TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    options_json TEXT NOT NULL DEFAULT '{}',
    report_json TEXT
);
CREATE TABLE IF NOT EXISTS quarantine (
    warc_file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    reason TEXT NOT NULL,
    moved_to TEXT NOT NULL,
    detected TEXT NOT NULL,
    PRIMARY KEY (warc_file, offset)
);
"""

# Record types that carry a payload of their own (a snapshot's bytes live in one of these).
PAYLOAD_TYPES = ("response", "resource")


@dataclass(frozen=True)
class IndexRow:
    record_id: str
    type: str
    url: str
    captured: str
    status: int | None
    content_type: str | None
    digest: str | None
    snapshot: str | None
    payload_length: int | None
    warc_file: str
    offset: int
    length: int
    plugin: str | None = None
    run_id: str | None = None
    refers_to: str | None = None
    profile: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    meta_json: str | None = None

    @property
    def metadata(self) -> dict[str, Any]:
        return json.loads(self.meta_json) if self.meta_json else {}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("meta_json")
        if self.meta_json:
            data["metadata"] = self.metadata
        return data


_COLUMNS = [f.name for f in fields(IndexRow)]
_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM records"


class Index:
    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None: we open transactions explicitly, so a write is one atomic unit.
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives any process crash; only power loss can drop the last
        # commits, and those records are then re-indexed from the WARC on the next open.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=60000")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- writes -------------------------------------------------------------------------

    def add(self, rows: Iterable[IndexRow]) -> None:
        marks = ", ".join("?" for _ in _COLUMNS)
        sql = f"INSERT OR IGNORE INTO records ({', '.join(_COLUMNS)}) VALUES ({marks})"
        values = [tuple(getattr(r, c) for c in _COLUMNS) for r in rows]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(sql, values)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def register_file(self, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO warc_files (name) VALUES (?)", (name,))

    def seal_file(self, name: str, valid_length: int) -> None:
        self.db.execute(
            "INSERT INTO warc_files (name, sealed, valid_length) VALUES (?, 1, ?) "
            "ON CONFLICT(name) DO UPDATE SET sealed = 1, valid_length = excluded.valid_length",
            (name, valid_length),
        )

    def sealed_files(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM warc_files WHERE sealed = 1")}

    def add_quarantine(self, warc_file: str, offset: int, length: int, reason: str,
                       moved_to: str, detected: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
            (warc_file, offset, length, reason, moved_to, detected),
        )

    def quarantined(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT * FROM quarantine ORDER BY detected, warc_file, offset")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    # -- reads --------------------------------------------------------------------------

    def _rows(self, where: str = "", params: tuple[Any, ...] = ()) -> list[IndexRow]:
        return [IndexRow(*r) for r in self.db.execute(f"{_SELECT} {where}", params)]

    def end_of_indexed(self, warc_file: str) -> int:
        row = self.db.execute(
            "SELECT MAX(offset + length) FROM records WHERE warc_file = ?", (warc_file,)
        ).fetchone()
        return int(row[0] or 0)

    def all(self) -> Iterator[IndexRow]:
        cur = self.db.execute(f"{_SELECT} ORDER BY warc_file, offset")
        for r in cur:
            yield IndexRow(*r)

    def by_record_id(self, record_id: str) -> IndexRow | None:
        rows = self._rows("WHERE record_id = ?", (record_id,))
        return rows[0] if rows else None

    def captures(self, url: str) -> list[IndexRow]:
        """Every capture of a URL (responses, resources, revisits), oldest first."""
        return self._rows(
            "WHERE url = ? AND type IN ('response', 'resource', 'revisit') "
            "ORDER BY captured, rowid",
            (url,),
        )

    def latest(self, url: str) -> IndexRow | None:
        caps = self.captures(url)
        return caps[-1] if caps else None

    def by_digest(self, digest: str) -> list[IndexRow]:
        return self._rows("WHERE digest = ? ORDER BY captured, rowid", (digest,))

    def payload_record(self, digest: str) -> IndexRow | None:
        """The first record that stores the bytes for `digest` (revisits point back to it)."""
        rows = self._rows(
            "WHERE digest = ? AND type IN ('response', 'resource') "
            "ORDER BY captured, rowid LIMIT 1",
            (digest,),
        )
        return rows[0] if rows else None

    def by_snapshot(self, snapshot: str) -> list[IndexRow]:
        return self._rows("WHERE snapshot = ? ORDER BY captured, rowid", (snapshot,))

    def snapshots_with_prefix(self, prefix: str) -> list[str]:
        cur = self.db.execute(
            "SELECT DISTINCT snapshot FROM records WHERE snapshot >= ? AND snapshot < ? "
            "ORDER BY snapshot LIMIT 3",
            (prefix, prefix + "g"),
        )
        return [r[0] for r in cur]

    def by_plugin(self, plugin: str) -> list[IndexRow]:
        return self._rows("WHERE plugin = ? ORDER BY captured, rowid", (plugin,))

    def captured_in_run(self, run_id: str) -> set[str]:
        """URLs the run captured successfully (2xx, or 304 to a conditional request).

        A resumed run skips these. An error or a redirect answer is kept as evidence but is
        not the page, so a resumed run asks for that URL again.
        """
        cur = self.db.execute(
            "SELECT DISTINCT url FROM records WHERE run_id = ? AND (type = 'resource' "
            "OR (type IN ('response', 'revisit') AND (status BETWEEN 200 AND 299 "
            "OR status = 304)))",
            (run_id,),
        )
        return {r[0] for r in cur}

    def listing(self, *, url: str | None = None, plugin: str | None = None,
                types: tuple[str, ...] = ("response", "resource", "revisit"),
                limit: int | None = None) -> list[IndexRow]:
        clauses = [f"type IN ({', '.join('?' for _ in types)})"]
        params: list[Any] = list(types)
        if url:
            clauses.append("url = ?")
            params.append(url)
        if plugin:
            clauses.append("plugin = ?")
            params.append(plugin)
        where = "WHERE " + " AND ".join(clauses) + " ORDER BY captured, rowid"
        if limit:
            where += f" LIMIT {int(limit)}"
        return self._rows(where, tuple(params))

    def stats(self) -> dict[str, Any]:
        db = self.db
        by_type = dict(db.execute("SELECT type, COUNT(*) FROM records GROUP BY type ORDER BY type"))
        by_plugin = dict(
            db.execute(
                "SELECT COALESCE(plugin, '(import)'), COUNT(*) FROM records "
                "WHERE type IN ('response', 'resource', 'revisit') GROUP BY 1 ORDER BY 1"
            )
        )
        urls = db.execute(
            "SELECT COUNT(DISTINCT url) FROM records "
            "WHERE type IN ('response','resource','revisit')"
        ).fetchone()[0]
        snapshots = db.execute(
            "SELECT COUNT(DISTINCT snapshot) FROM records WHERE snapshot IS NOT NULL"
        ).fetchone()[0]
        payload_bytes = db.execute(
            "SELECT COALESCE(SUM(payload_length), 0) FROM records "
            "WHERE type IN ('response','resource')"
        ).fetchone()[0]
        first, last = db.execute("SELECT MIN(captured), MAX(captured) FROM records").fetchone()
        return {
            "records": sum(by_type.values()),
            "records_by_type": by_type,
            "captures_by_plugin": by_plugin,
            "urls": urls,
            "snapshots": snapshots,
            "payload_bytes": payload_bytes,
            "first_capture": first,
            "last_capture": last,
            "runs": db.execute("SELECT COUNT(*) FROM runs").fetchone()[0],
            "quarantined": db.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0],
        }

    # -- crawl runs ---------------------------------------------------------------------

    def start_run(self, run_id: str, plugin: str, started: str, options: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO runs (run_id, plugin, started, status, options_json) "
            "VALUES (?, ?, ?, 'running', ?)",
            (run_id, plugin, started, json.dumps(options, sort_keys=True)),
        )

    def unfinished_run(self, plugin: str) -> tuple[str, dict[str, Any]] | None:
        row = self.db.execute(
            "SELECT run_id, options_json FROM runs WHERE plugin = ? AND finished IS NULL "
            "ORDER BY started DESC LIMIT 1",
            (plugin,),
        ).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def abandon_runs(self, plugin: str, finished: str) -> None:
        """Give up this plugin's cut-short runs (a fresh run replaces them)."""
        self.db.execute(
            "UPDATE runs SET finished = ?, status = 'abandoned' "
            "WHERE plugin = ? AND finished IS NULL",
            (finished, plugin),
        )

    def finish_run(self, run_id: str, finished: str, status: str, report: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished = ?, status = ?, report_json = ? WHERE run_id = ?",
            (finished, status, json.dumps(report, sort_keys=True), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT * FROM runs ORDER BY started")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]
