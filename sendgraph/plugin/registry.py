"""Finding source plugins through the `sendgraph.sources` entry-point group."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

from sendgraph.plugin.contract import PluginError, Source

GROUP = "sendgraph.sources"


def _origin(ep: EntryPoint) -> str:
    dist = ep.dist.name if ep.dist is not None else "unknown distribution"
    return f"{ep.value} (from {dist})"


def load_sources(eps: list[EntryPoint] | None = None) -> dict[str, Source]:
    """Every installed source plugin by id. Duplicate ids are an error naming both origins."""
    found: dict[str, Source] = {}
    origins: dict[str, str] = {}
    for ep in eps if eps is not None else list(entry_points(group=GROUP)):
        try:
            obj = ep.load()
        except Exception as exc:
            raise PluginError(f"could not load source plugin {_origin(ep)}: {exc}") from exc
        source = obj() if isinstance(obj, type) else obj
        if not isinstance(source, Source) or not hasattr(source, "info"):
            raise PluginError(f"{_origin(ep)} is not a sendgraph Source (subclass "
                              "sendgraph.Source and set `info`)")
        sid = source.info.id
        if sid in found:
            raise PluginError(f"two source plugins share the id {sid!r}: {origins[sid]} and "
                              f"{_origin(ep)}; uninstall one of them")
        if sid != ep.name:
            raise PluginError(f"{_origin(ep)} is registered as {ep.name!r} but its id is {sid!r}")
        found[sid] = source
        origins[sid] = _origin(ep)
    return dict(sorted(found.items()))


def get_source(source_id: str) -> Source:
    sources = load_sources()
    if source_id not in sources:
        known = ", ".join(sources) or "none installed"
        raise PluginError(f"no source plugin {source_id!r} (installed: {known}); "
                          "see `sendgraph sources`")
    return sources[source_id]
