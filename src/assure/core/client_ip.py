"""The address a request came from, even behind a reverse proxy.

``REMOTE_ADDR`` is the proxy's address when nginx or Caddy sits in front of Assure. The proxy
passes the client's address in ``X-Forwarded-For``, but anyone can send that header, so it is
believed only when the request came from a proxy we were told to trust (``TRUSTED_PROXIES``, from
``ASSURE_TRUSTED_PROXIES``). The header is read from the right, skipping our own proxies: the
first address that is not one of them is the client (entries further left were written by the
client and prove nothing). The rate limits, django-axes and the audit trail all use this address.
"""

import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` → networks; a bad entry is an error, never silently dropped."""
    return tuple(ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def from_request(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = settings.TRUSTED_PROXIES
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        hop = _address(entry)
        if hop is None:
            break  # garbage in the header: keep the last address we could vouch for
        client = hop
        if not _is_trusted(hop, networks):
            break
    return str(client)


def client_ip(request) -> str | None:
    """The client's address, worked out once per request (django-axes and django-ratelimit call
    this by name from the settings)."""
    cached = getattr(request, "_assure_client_ip", False)
    if cached is False:
        cached = from_request(request)
        request._assure_client_ip = cached
    return cached
