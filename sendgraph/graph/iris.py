"""Stable IRIs (docs/GRAPH-MODEL.md, Identity): the same archive yields the same IRIs anywhere."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urldefrag

BASE = "https://w3id.org/sendgraph/"
ID = BASE + "id/"
GRAPH_PROVENANCE = ID + "graph/provenance"
GRAPH_REFERENCE = ID + "graph/reference"
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"


def h16(*fields: str) -> str:
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:16]


def slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or h16(name)


def canonical_url(url: str) -> str:
    return urldefrag(url.strip())[0]


def authority(gss_code: str) -> str:
    return f"{ID}authority/{gss_code}"


def programme(slug_: str) -> str:
    return f"{ID}programme/{slug_}"


def metric(slug_: str) -> str:
    return f"{ID}metric/{slug_}"


def source(url: str) -> str:
    return f"{ID}source/{h16(canonical_url(url))}"


def snapshot(snapshot_id: str) -> str:
    return f"{ID}snapshot/{snapshot_id}"


def capture(record_id: str) -> str:
    """One WARC response, resource or revisit record: h16 of its WARC-Record-ID."""
    return f"{ID}capture/{h16(record_id)}"


def snapshot_graph(snapshot_id: str) -> str:
    return f"{ID}graph/snapshot/{snapshot_id}"


def run(run_id: str) -> str:
    return f"{ID}run/{slug(run_id)}"


def person(name: str) -> str:
    return f"{ID}person/{slug(name)}"


def organisation(name: str) -> str:
    return f"{ID}organisation/{slug(name)}"


def fact(kind: str, identity: tuple[str, ...], source_iri: str) -> str:
    return f"{ID}fact/{kind}/{h16(kind, *identity, source_iri)}"


def evidence(fact_iri: str, snapshot_id: str, start: int, end: int) -> str:
    return f"{ID}evidence/{h16(fact_iri, snapshot_id, str(start), str(end))}"
