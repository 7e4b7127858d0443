"""The device's links check certificates with one context built once per process."""

from __future__ import annotations

import ssl

import httpx._config
import httpx._transports.default
import pytest

from sync.link import Link, tls_context


def _context_of(link: Link) -> ssl.SSLContext:
    return link.client._transport._pool._ssl_context  # httpx's transport, httpcore's pool


def test_every_link_shares_one_context_that_checks_certificates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # httpx's own default, not the suite's shared one (tests/conftest.py), so that a
    # link that did not pass its context would get a fresh one here.
    monkeypatch.setattr(
        httpx._transports.default, "create_ssl_context", httpx._config.create_ssl_context
    )
    first, second = Link("https://hq.example.vn"), Link("http://127.0.0.1:9", token="t")
    try:
        assert _context_of(first) is _context_of(second) is tls_context()
    finally:
        first.close()
        second.close()
    context = tls_context()
    # Sharing must not weaken the check: names and chains are verified as httpx does.
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 10  # the CA bundle was read
