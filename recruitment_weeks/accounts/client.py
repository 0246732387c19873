"""The one answer to "which client sent this request?" for the sign-in lockout and the API throttles.

The connection's address (``REMOTE_ADDR``) is the client unless it is one of ``TRUSTED_PROXIES``
(addresses or networks, e.g. the TLS proxy on the same host). Only then is ``X-Forwarded-For`` read,
from the right: each proxy appends the address it received the request from, so the first address
from the right that is not a trusted proxy is the client. Anything to its left was written by the
client itself and is never believed; a client cannot choose the address it is counted under.
"""

import functools
import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


def client_address(request) -> str | None:
    """The client's IP address as a string, or None if the request carries none that parses."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))

    def is_proxy(address) -> bool:
        return any(address in network for network in trusted if network.version == address.version)

    client = remote
    if is_proxy(remote):
        for hop in reversed((request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")):
            address = _parse(hop)
            if address is None:
                break  # garbage from here leftwards: stop at the last proxy's peer
            client = address
            if not is_proxy(address):
                break
    return str(client)
