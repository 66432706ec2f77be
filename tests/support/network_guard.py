"""Make any attempt to leave the machine fail loudly during tests.

Only loopback addresses, `localhost` names and unix sockets are allowed. DNS lookups of
other names are refused too (a lookup is already network traffic). The error is a
RuntimeError, which network code must not swallow as an ordinary connection failure.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class InternetAccessError(RuntimeError):
    pass


def is_local(host: str | bytes | None) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port) resolves a local bind address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = host.strip("[]").split("%", 1)[0].rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _is_ip_literal(host: str | bytes) -> bool:
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    try:
        ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _refuse(host: Any, port: Any, what: str = "") -> None:
    raise InternetAccessError(f"test tried to reach the internet: {host}:{port}{what}")


def _check_address(family: int, address: Any) -> None:
    if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, (str, bytes)):
        return
    if isinstance(address, tuple) and len(address) >= 2 and not is_local(address[0]):
        _refuse(address[0], address[1])


def block_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check_address(self.family, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(self.family, address)
        return real_connect_ex(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not is_local(address[0]):
            _refuse(address[0], address[1])
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_local(host) and not _is_ip_literal(host):
            _refuse(host, port, " (DNS lookup)")
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
