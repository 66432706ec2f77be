"""URL checks shared by the fetcher and the robots cache."""

from __future__ import annotations

import ipaddress
import re

import httpx

from sendgraph.capture.codings import CaptureError

DEFAULT_PORTS = {"http": 80, "https": 443}

USERINFO_REFUSED = ("URLs with a user name or password are not fetched (they would be stored "
                    "in the archive); remove `user:…@`")
# scheme://userinfo@ — the authority ends at the first '/', '?' or '#'; userinfo before the
# last '@' in it. Matched on the raw string so even a URL httpx cannot parse is redacted.
_USERINFO = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9+.-]*:/+)([^/?#]*)@")


def redact_userinfo(url: str) -> str:
    """`url` with any `user:password@` replaced by `…@`, for messages and reports."""
    return _USERINFO.sub(r"\1…@", url, count=1)


def redact_userinfo_in_list(value: str) -> str:
    """`redact_userinfo` for each item of a comma-separated setting (`sites=a,b`)."""
    return ",".join(redact_userinfo(part) for part in value.split(","))


def has_userinfo(url: str) -> bool:
    return _USERINFO.match(url) is not None


def parse_url(url: str | httpx.URL, schemes: frozenset[str]) -> httpx.URL:
    """Parse and vet a URL to fetch; raises CaptureError("invalid_url"/"bad_scheme")."""
    if isinstance(url, str) and has_userinfo(url):
        raise CaptureError("invalid_url", USERINFO_REFUSED)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise CaptureError("invalid_url", f"it is not a valid URL ({exc})") from exc
    scheme = parsed.scheme.lower()
    if scheme not in schemes:
        shown = scheme + ":" if scheme else "no scheme"
        raise CaptureError(
            "bad_scheme", f"{shown} is not fetchable (allowed: {', '.join(sorted(schemes))})"
        )
    if parsed.userinfo:
        raise CaptureError("invalid_url", USERINFO_REFUSED)
    if not parsed.host:
        raise CaptureError("invalid_url", "it has no host")
    if not _valid_host(parsed.raw_host):
        raise CaptureError("invalid_url", f"{parsed.host!r} is not a valid host name")
    # The fragment is never sent; dropping it keeps recorded URLs equal to what was asked.
    return parsed.copy_with(fragment=None)


# After IDNA encoding a host name is LDH labels (underscores occur in the wild); httpx
# percent-encodes anything else (spaces, …) rather than refusing it, so refuse it here.
_HOST_NAME = re.compile(rb"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")


def _valid_host(raw_host: bytes) -> bool:
    if b":" in raw_host:
        try:
            ipaddress.IPv6Address(raw_host.decode("ascii"))
        except ValueError:
            return False
        return True
    return _HOST_NAME.fullmatch(raw_host) is not None


def visit_key(url: httpx.URL) -> str:
    """Identity of a URL for redirect-loop detection (the fragment is never sent)."""
    return str(url.copy_with(fragment=None))


def origin_of(url: httpx.URL) -> tuple[str, str, int]:
    """RFC 9309 scope of a robots.txt: scheme, host and port."""
    scheme = url.scheme.lower()
    return scheme, url.host.lower(), url.port or DEFAULT_PORTS.get(scheme, 0)


def robots_url(url: httpx.URL) -> httpx.URL:
    return url.copy_with(path="/robots.txt", query=None, fragment=None)


def host_key(url: httpx.URL) -> str:
    """Politeness is per host name: every port and scheme of a host shares one budget."""
    return url.host.lower()
