"""The client's address behind a reverse proxy: X-Forwarded-For is believed only from a proxy we
trust, and read from the right so that what the client wrote itself proves nothing."""

import pytest
from django.test import RequestFactory, override_settings

from assure.core.client_ip import client_ip, parse_networks
from assure.core.models import AuditEvent

PROXIES = parse_networks("127.0.0.1, 10.0.0.0/8, ::1")


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored():
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_from_a_trusted_proxy_the_client_is_the_last_address_it_added():
    assert address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    # The client wrote "6.6.6.6" itself; our proxy appended the address it saw.
    assert address("127.0.0.1", "6.6.6.6, 198.51.100.1") == "198.51.100.1"
    # Two of our proxies in a row (a load balancer, then nginx) are both skipped.
    assert address("127.0.0.1", "198.51.100.1, 10.1.2.3") == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_from_anyone_else_the_header_is_ignored():
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_a_trusted_proxy_without_the_header_or_with_garbage_is_the_client():
    assert address("127.0.0.1") == "127.0.0.1"
    assert address("10.0.0.5", "not-an-address") == "10.0.0.5"
    assert address("10.0.0.5", "198.51.100.1, ") == "10.0.0.5"
    assert address("::1", "2001:db8::7") == "2001:db8::7"


def test_a_bad_trusted_proxy_setting_is_an_error_not_ignored():
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6"):
        parse_networks("10.0.0.0/8, proxy.internal")


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=PROXIES)
def test_the_audit_trail_and_rate_limits_use_the_forwarded_address(client, settings):
    settings.SIGN_IN_RATE_PER_ADDRESS = "1/m"
    post = {"username": "nobody@example.org", "password": "x"}
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client.post("/sign-in/", post, **forwarded).status_code == 200
    assert str(AuditEvent.objects.get().ip_address) == "198.51.100.1"
    assert client.post("/sign-in/", post, **forwarded).status_code == 429
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert client.post("/sign-in/", post, **other).status_code == 200
