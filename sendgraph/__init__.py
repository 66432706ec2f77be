"""sendgraph: an evidence-grade web archive and knowledge graph of England's SEND system.

The public API, by layer: the archive (`Archive`, `Snapshot`), capture (`Fetcher`,
`FetchPolicy`), documents (`Document`, `build_document`, `document_for`) and the plugin
contract (`Source`, `SourceInfo`, `CrawlContext`, `ParseContext`).
"""

__version__ = "0.1.0"

from sendgraph.archive import Archive, ArchiveError, Snapshot, SnapshotNotFound, verify_archive
from sendgraph.capture import Fetcher, FetchPolicy, FetchResult
from sendgraph.document import Document, DocumentError, build_document, document_for
from sendgraph.plugin.context import CrawlContext, CrawlOptions, ParseContext
from sendgraph.plugin.contract import Politeness, Source, SourceInfo
from sendgraph.plugin.registry import load_sources

__all__ = [
    "Archive",
    "ArchiveError",
    "CrawlContext",
    "CrawlOptions",
    "Document",
    "DocumentError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "ParseContext",
    "Politeness",
    "Snapshot",
    "SnapshotNotFound",
    "Source",
    "SourceInfo",
    "__version__",
    "build_document",
    "document_for",
    "load_sources",
    "verify_archive",
]
