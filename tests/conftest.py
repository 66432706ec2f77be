"""Suite-wide fixtures. Helpers live in tests/support/."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from tests.support.http_server import LocalSite
from tests.support.network_guard import block_internet


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection or DNS lookup beyond loopback raises RuntimeError (DESIGN.md:
    nothing touches the network in tests)."""
    block_internet(monkeypatch)


@pytest.fixture(autouse=True)
def _private_tempdir(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Temp files a test forgets (e.g. fetched bodies it never discards) land in pytest's
    own temp area, not the machine's /tmp."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tempfile")))


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A real HTTP server on 127.0.0.1 with an empty route table; handler errors (failed
    asserts on requests) fail the test at teardown."""
    with LocalSite() as local:
        yield local


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", default=False,
                     help="run reliability trials at length (same as SENDGRAPH_LONG=1)")


@pytest.fixture
def long_mode(request: pytest.FixtureRequest) -> bool:
    """Whether the suite runs at length (`pytest --long` or SENDGRAPH_LONG=1)."""
    return bool(request.config.getoption("--long") or os.environ.get("SENDGRAPH_LONG"))
