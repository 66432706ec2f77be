"""The benchmark's verdicts on the issue's targets and its printed table."""

from __future__ import annotations

from typing import Any

STAGE_TIMES = {  # scaling: stage -> path to its seconds in the stage figures
    "crawl + archive": ("crawl", "seconds"),
    "re-extraction, 1 core": ("build_1core", "seconds"),
    "re-extraction, all cores": ("build", "seconds"),
    "export N-Quads (whole graph)": ("export_full", "nquads", "seconds"),
    "export TriG (whole graph)": ("export_full", "trig", "seconds"),
}


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "MISSED")


def verdicts(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target of the issue: what was measured, against what, met or missed."""
    s, p = result.get("stages", {}), result.get("peers", {})
    docs = result.get("docs")
    rows: list[dict[str, Any]] = []

    def row(target: str, measured: str, ok: bool | None, note: str = "") -> None:
        rows.append({"target": target, "measured": measured, "verdict": _verdict(ok),
                     "note": note})

    build = s.get("build", {})
    one = s.get("build_1core") or _get(result, "scaling", "small", "build_1core") or {}
    traf = p.get("trafilatura", {})
    size_note = "" if one.get("documents", docs) >= 10000 else (
        f"one core measured on {one.get('documents', docs)} documents; the target is for 10k")
    row(">= 250 docs/s re-extraction on one core",
        f"{one['docs_per_s']:.1f} docs/s on 1 core; {build.get('docs_per_s', 0):.1f} docs/s "
        f"on {build.get('workers')} cores" if one else "one-core build not run (quick mode)",
        one["docs_per_s"] >= 250 if one else None, size_note)
    if "docs_per_s" in traf and one:
        ratio = one["docs_per_s"] / traf["docs_per_s"]
        row(">= 2.5x trafilatura's extraction", f"{ratio:.2f}x "
            f"({one['docs_per_s']:.1f} vs {traf['docs_per_s']:.1f} docs/s, one core each)",
            ratio >= 2.5)
    else:
        row(">= 2.5x trafilatura's extraction",
            traf.get("not_run", "peer not run" if one else "one-core build not run"), None)

    crawl, scrapy = s.get("crawl", {}), p.get("scrapy", {})
    complete = bool(crawl.get("all_pages_in_verified_warc"))
    row("every crawled page in a verified WARC",
        f"{crawl.get('pages', 0) - crawl.get('pages_missing_from_warc', 0)}/{crawl.get('pages')}"
        f" pages, verify ok={crawl.get('warc_verified')}", complete if crawl else None)
    if "pages_per_s" in scrapy:
        ratio = crawl["pages_per_s"] / scrapy["pages_per_s"]
        row(">= Scrapy's crawl rate (politeness off, same concurrency)",
            f"{ratio:.2f}x ({crawl['pages_per_s']:.1f} vs {scrapy['pages_per_s']:.1f} pages/s)",
            ratio >= 1.0, "within 5%: run-to-run noise decides" if 0.95 <= ratio < 1.05 else "")
    else:
        row(">= Scrapy's crawl rate (politeness off, same concurrency)",
            scrapy.get("not_run", "peer not run"), None)

    quads = _get(s, "graph", "quads") or 0
    big = quads >= 900_000
    at = f"at {quads:,} quads" + ("" if big else " (1M-triple graph not measured: corpus too "
                                             "small)")
    queries = s.get("queries", {})
    if queries:
        worst = max(queries.items(), key=lambda kv: kv[1]["sendgraph"]["median_ms"])
        row("named SPARQL queries: median < 50 ms each",
            f"slowest median {worst[1]['sendgraph']['median_ms']:.1f} ms ({worst[0]}) {at}; "
            f"{sum(q['sendgraph']['median_ms'] < 50 for q in queries.values())} of "
            f"{len(queries)} under 50 ms", (worst[1]["sendgraph"]["median_ms"] < 50) if big
            else None)
        disk = [(q["sendgraph"]["median_ms"] / max(q["pyoxigraph_disk"]["median_ms"], 1e-3),
                 name) for name, q in queries.items() if "pyoxigraph_disk" in q]
        mem = max((q["sendgraph"]["median_ms"] / max(q["pyoxigraph"]["median_ms"], 1e-3), name)
                  for name, q in queries.items())
        if disk:
            worst_disk = max(disk)
            row("named SPARQL queries within 1.5x plain pyoxigraph",
                f"worst {worst_disk[0]:.2f}x ({worst_disk[1]}) against pyoxigraph on disk {at}",
                worst_disk[0] <= 1.5 if big else None,
                f"against pyoxigraph in memory: worst {mem[0]:.1f}x ({mem[1]}); sendgraph keeps "
                "its graph on disk")
    nq = _get(s, "export", "nquads")
    pdisk = _get(p, "export", "pyoxigraph_disk_nquads")
    pmem = _get(p, "export", "pyoxigraph_nquads")
    if nq:
        per_m = nq["seconds"] * 1_000_000 / max(nq.get("quads", quads), 1)
        row("export 1M triples as N-Quads < 3 s",
            f"{nq['seconds']:.1f} s for {nq.get('quads', quads):,} quads ({per_m:.1f} s per 1M)",
            per_m < 3 if big else None)
        ratio = nq["seconds"] / pdisk["seconds"] if pdisk else None
        row("export N-Quads within 1.5x plain pyoxigraph",
            f"{ratio:.2f}x against pyoxigraph on disk" if ratio else "peer not run",
            None if ratio is None or not big else ratio <= 1.5,
            f"against pyoxigraph in memory: {nq['seconds'] / pmem['seconds']:.1f}x"
            if pmem else "")
    peak = max(build.get("peak_rss_mb") or 0, build.get("peak_worker_rss_mb") or 0)
    built = build.get("quads", 0)
    row("peak memory for a 1M-triple build < 1 GB",
        f"{peak:.0f} MB peak RSS for a build of {built:,} quads",
        peak < 1024 if built >= 900_000 else None,
        "the largest of the builder's and each worker's own peak (a fresh process)")

    scaling = result.get("scaling")
    if scaling:
        small = scaling["small"]
        factor = docs / scaling["small_docs"]
        for name, path in STAGE_TIMES.items():
            a, b = _get(small, *path), _get(s, *path)
            if a and b:
                growth = b / a
                row(f"linear growth: {name}", f"{growth:.1f}x time for {factor:.0f}x documents "
                    f"({scaling['small_docs']} -> {docs})", growth <= 1.1 * factor)
    else:
        row("linear growth (10x documents <= 11x time)", "scaling run not requested", None,
            "run with --scaling")
    return rows


def _f(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}{unit}"


def table(result: dict[str, Any]) -> str:
    """The human table: each stage with its peers' columns and ratios, then the targets."""
    s, p = result.get("stages", {}), result.get("peers", {})
    lines = [f"sendgraph bench: {result['docs']} documents "
             f"({s['corpus']['raw_bytes'] / 1048576:.0f} MB raw), "
             f"{result['machine']['cores']} cores, {result['machine']['cpu']}",
             "", "| stage | sendgraph | peer | peer figure | ratio |",
             "| --- | --- | --- | --- | --- |"]

    def line(stage: str, ours: str, peer: str = "", figure: str = "", ratio: str = "") -> None:
        lines.append(f"| {stage} | {ours} | {peer} | {figure} | {ratio} |")

    def peer_fig(data: dict[str, Any], key: str, unit: str) -> str:
        return (data.get("not_run") and f"not run: {data['not_run']}") or _f(data.get(key), unit)

    c = s["crawl"]
    for name in ("scrapy", "wget"):
        d = p.get(name)
        if d is None:
            continue
        ratio = (f"{c['pages_per_s'] / d['pages_per_s']:.2f}x" if "pages_per_s" in d else "")
        line("crawl + archive, politeness off", f"{c['pages_per_s']:,.0f} pages/s, "
             f"{c['mb_per_s']:.1f} MB/s (concurrency {c['concurrency']})", name,
             peer_fig(d, "pages_per_s", " pages/s") + (
                 f" (concurrency {d['concurrency']})" if "concurrency" in d else ""), ratio)
    if not any(k in p for k in ("scrapy", "wget")):
        line("crawl + archive, politeness off",
             f"{c['pages_per_s']:,.0f} pages/s, {c['mb_per_s']:.1f} MB/s")
    if "crawl_polite" in s:
        cp = s["crawl_polite"]
        line(f"crawl, {cp['min_delay']:.0f} s per-host delay ({cp['pages']} pages)",
             f"{cp['pages_per_s']:.2f} pages/s (ceiling for this sample's busiest host: "
             f"{_f(cp['ceiling_pages_per_s'], ' pages/s', 2)})")
    line("WARC verified, every page in it", f"{c['all_pages_in_verified_warc']} "
         f"({c['verify_records']} records, {c['verify_seconds']:.1f} s)")
    wget = p.get("wget", {})
    line("archive size (WARC / raw bytes)", f"{s['sizes']['warc_bytes'] / 1048576:.1f} MB / "
         f"{s['sizes']['raw_bytes'] / 1048576:.1f} MB", "wget",
         f"{wget['warc_bytes'] / 1048576:.1f} MB WARC" if "warc_bytes" in wget else
         peer_fig(wget, "warc_bytes", ""), "")
    b, t = s["build"], p.get("trafilatura", {})
    one = s.get("build_1core") or _get(result, "scaling", "small", "build_1core")
    if one:
        line("re-extraction (archive -> graph), 1 core"
             + ("" if "build_1core" in s else f" ({one['documents']} documents)"),
             f"{one['docs_per_s']:.1f} docs/s, "
             f"{one['facts_per_s']:.0f} facts/s", "trafilatura" if t else "",
             peer_fig(t, "docs_per_s", " docs/s") if t else "",
             f"{one['docs_per_s'] / t['docs_per_s']:.2f}x" if "docs_per_s" in t else "")
    line(f"re-extraction (archive -> graph), {b['workers']} cores",
         f"{b['docs_per_s']:.1f} docs/s, {b['facts_per_s']:.0f} facts/s; {b['quads']:,} quads"
         + (f" ({b['docs_per_s'] / one['docs_per_s']:.2f}x one core)" if one else ""))
    for fmt, d in s.get("export_full", {}).items():
        line(f"export {fmt}, whole graph", f"{d['quads_per_s']:,.0f} quads/s "
             f"({d['seconds']:.1f} s, {d['bytes'] / 1048576:,.0f} MB)")
    g = s["graph"]
    line("graph for the figures below", f"{g['quads']:,} quads" + (
        f" ({g['snapshot_graphs']} whole snapshot graphs of {g['of_quads']:,} quads)"
        if g.get("snapshot_graphs") else " (the whole graph)"))
    load = p.get("load", {})
    line("graph load (N-Quads, Oxigraph on disk)", f"{s['load']['quads']:,} quads in "
         f"{s['load']['seconds']:.2f} s", "pyoxigraph in memory",
         peer_fig(load.get("pyoxigraph_memory", {}), "seconds", " s"), "")
    if "rdflib_memory" in load:
        line("", "", "rdflib Dataset in memory", peer_fig(load["rdflib_memory"], "seconds", " s"))
    ex = p.get("export", {})
    for fmt, d in s["export"].items():
        for label, key in (("pyoxigraph on disk", f"pyoxigraph_disk_{fmt}"),
                           ("pyoxigraph in memory", f"pyoxigraph_{fmt}")):
            pd = ex.get(key)
            ours = (f"{d['quads_per_s']:,.0f} quads/s ({d['seconds']:.2f} s)"
                    if label.endswith("disk") or not ex.get(f"pyoxigraph_disk_{fmt}") else "")
            if pd or label.endswith("disk"):
                line(f"export {fmt}" if ours else "", ours, label if pd else "",
                     _f(pd and pd["quads_per_s"], " quads/s", 0),
                     f"{d['seconds'] / pd['seconds']:.2f}x time" if pd else "")
        if f"rdflib_{fmt}" in ex:
            line("", "", "rdflib", _f(ex[f"rdflib_{fmt}"]["quads_per_s"], " quads/s", 0))
    for name, q in s["queries"].items():
        ours, ox = q["sendgraph"], q["pyoxigraph"]
        rd, dk = q.get("rdflib"), q.get("pyoxigraph_disk")
        line(f"query {name}", f"median {ours['median_ms']:.1f} ms, p95 {ours['p95_ms']:.1f} ms",
             ("pyoxigraph disk / " if dk else "") + "mem" + (" / rdflib" if rd else ""),
             (f"{dk['median_ms']:.1f} / " if dk else "") + f"{ox['median_ms']:.1f} ms"
             + (f" / {rd['median_ms']:.1f} ms" if rd else ""),
             (f"{ours['median_ms'] / max(dk['median_ms'], 1e-3):.2f}x / " if dk else "")
             + f"{ours['median_ms'] / max(ox['median_ms'], 1e-3):.2f}x")
    tr = s["trace"]
    if tr.get("end_to_end"):
        line("trace (end to end)", tr.get("not_run") or f"median {tr['median_ms']:.1f} ms, "
             f"p95 {tr['p95_ms']:.1f} ms; whole networkx projection {tr['projection_ms']:.0f} ms")
    else:  # runs before trace read only the graph around the fact
        line("trace", tr.get("not_run") or f"median {tr['median_ms']:.1f} ms, p95 "
             f"{tr['p95_ms']:.1f} ms (+ {tr['projection_ms']:.0f} ms projection once)")
    line("peak RSS", f"build: {b['peak_rss_mb']:.0f} MB builder"
         + (f", {b['peak_worker_rss_mb']:.0f} MB largest worker" if b.get("peak_worker_rss_mb")
            else "") + f"; harness after load/export/queries "
         f"{s['peak_rss_mb_after_pipeline']:.0f} MB")
    lines += ["", "| target | measured | verdict | note |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['target']} | {r['measured']} | {r['verdict']} | {r['note']} |"
              for r in result.get("targets", [])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.report RESULTS.json`: print the table of a saved run (for the README)."""
    import json
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.report RESULTS.json", file=sys.stderr)
        return 2
    result = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    result["targets"] = verdicts(result)  # the verdicts of the current code
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
