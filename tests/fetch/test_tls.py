"""HTTPS through the guarded transport: TLS runs over the wrapped stream, and is verified."""

import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from flows.fetch.fetcher import Fetcher
from tests.fetch.faultserver import start_fault_server


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mediamon test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def https_server(certificate):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    srv = start_fault_server(tls=context)
    yield srv
    srv.stop()


def test_https_fetch_with_trusted_certificate(https_server, certificate, fast, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with Fetcher(fast) as f:
        result = f.get(f"{https_server.base_url}/ok/tls")
        drip = f.get(f"{https_server.base_url}/drip")
    assert result.ok and b"Article tls" in result.body
    assert drip.error_class == "deadline"


def test_https_untrusted_certificate_fails_without_retry(https_server, fast, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with Fetcher(fast) as f:
        result = f.get(f"{https_server.base_url}/ok/untrusted")
        (robots,) = f.robots_fetches()  # the first request to the host, so it fails first
    assert result.outcome == "failed" and result.error_class == "tls"
    assert "CERTIFICATE_VERIFY_FAILED" in result.error
    assert robots.error_class == "tls" and robots.attempts == 1
