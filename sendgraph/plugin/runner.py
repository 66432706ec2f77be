"""Running one source plugin's crawl: a resumable run, recorded in the archive's index."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime

from sendgraph.archive.store import Archive
from sendgraph.capture.fetcher import Fetcher
from sendgraph.capture.policy import FetchPolicy
from sendgraph.capture.urls import redact_userinfo, redact_userinfo_in_list
from sendgraph.plugin.context import CrawlContext, CrawlOptions
from sendgraph.plugin.contract import Source
from sendgraph.plugin.pages import BadPayload
from sendgraph.plugin.report import CrawlReport


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id(plugin: str) -> str:
    return f"{plugin}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def policy_for(source: Source, base: FetchPolicy, options: CrawlOptions) -> FetchPolicy:
    """The user's policy narrowed to this source: its hosts and its politeness overrides."""
    hosts = set(source.info.hosts)
    hosts.update(h for h in (_host(u) for u in _option_urls(options)) if h)
    pol = source.info.politeness
    policy = replace(base, allowed_hosts=frozenset(hosts))
    if pol.min_delay is not None:
        policy = replace(policy, min_delay=max(policy.min_delay, pol.min_delay))
    if pol.max_concurrency is not None:
        policy = replace(policy, max_concurrency=min(policy.max_concurrency, pol.max_concurrency))
    return policy


def _option_urls(options: CrawlOptions) -> list[str]:
    """The URLs the user gave: every --url, and every http(s) URL in a --set value
    (comma-separated lists too, e.g. `--set sites=URL1,URL2`). The user named them, so their
    hosts may be fetched, exactly as for --url."""
    urls = list(options.urls)
    for value in options.settings.values():
        urls.extend(part.strip() for part in value.split(",")
                    if part.strip().lower().startswith(("http://", "https://")))
    return urls


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname
    except ValueError:  # not a URL at all ("http://[oops"): nothing to allow
        return None


def run_crawl(archive: Archive, source: Source, options: CrawlOptions, policy: FetchPolicy,
              *, resume: bool = True, fetcher: Fetcher | None = None) -> CrawlReport:
    """Crawl one source into the archive.

    If the last run of this source never finished (killed, interrupted) and `resume` is set,
    the run continues under the same id and nothing it already captured is fetched again;
    without `resume`, such runs are marked "abandoned" and a new run starts.
    """
    sid = source.info.id
    # A password in a URL is never stored (the run's options are kept in the index) and never
    # sent: the redacted `…@` URL is still refused by the fetcher, as `invalid_url`.
    options = replace(options, urls=tuple(redact_userinfo(u) for u in options.urls),
                      settings={k: redact_userinfo_in_list(v)
                                for k, v in options.settings.items()})
    previous = archive.index.unfinished_run(sid) if resume else None
    if previous is not None:
        run_id, saved = previous
        # a bare re-run resumes with what the interrupted run was asked; new options win
        options = CrawlOptions.from_json(saved) if options == CrawlOptions() and saved else options
        report = CrawlReport(run_id=run_id, plugin=sid, resumed=True, started=_now())
        done = archive.index.captured_in_run(run_id)
    else:
        # A cut-short run that is not resumed now never will be: say so, so that `archive
        # runs` does not show it as running and the next crawl cannot resume it by mistake.
        archive.index.abandon_runs(sid, _now())
        run_id = new_run_id(sid)
        archive.index.start_run(run_id, sid, _now(), options.to_json())
        report = CrawlReport(run_id=run_id, plugin=sid, started=_now())
        done = set()
    fetcher = fetcher or Fetcher(policy_for(source, policy, options))
    try:
        with archive.writer(plugin=sid, run_id=run_id) as writer:
            ctx = CrawlContext(source.info, archive, writer, fetcher, report, options, done)
            try:
                source.crawl(ctx)
            except KeyboardInterrupt:
                report.status = "interrupted"
                raise
            except BadPayload as exc:  # a listing answered garbage: name what and where
                report.fail({"url": exc.url, "reason": exc.failure_reason,
                             "detail": f"{sid} crawl stopped: {exc}", "attempts": 1,
                             "status": None})
                report.status = "failed"
            except Exception as exc:  # a plugin bug or a site change: say which, keep the archive
                report.fail({"url": source.info.home, "reason": "plugin_error",
                             "detail": f"{sid} crawl stopped: {type(exc).__name__}: {exc}",
                             "attempts": 1, "status": None})
                report.status = "failed"
            finally:
                ctx.archive_robots()
    finally:
        fetcher.close()
    if report.status == "running":
        report.status = "partial" if report.failures else "ok"
    report.finished = _now()
    archive.index.finish_run(run_id, report.finished, report.status, report.to_json())
    return report
