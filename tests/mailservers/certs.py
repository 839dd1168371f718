"""A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trustme

SERVER_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class LocalCA:
    """A test CA, the server certificate it issued, and the same material as PEM files."""

    ca: Any  # trustme.CA: trustme ships no type information
    server_cert: Any  # trustme.LeafCert
    ca_pem: Path
    cert_chain_pem: Path
    key_pem: Path

    def server_context(self) -> ssl.SSLContext:
        """Return a server-side context presenting the certificate for 127.0.0.1/localhost."""
        # Purpose.CLIENT_AUTH leaves verify_mode at CERT_NONE and check_hostname off, which is
        # what aiosmtpd expects of a server context (it logs a warning otherwise).
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_cert.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """Return a verifying client context that trusts only this CA."""
        context = ssl.create_default_context(cafile=str(self.ca_pem))
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def make_local_ca(directory: Path) -> LocalCA:
    """Create a CA and a server certificate, writing their PEM files into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="afterview tests")
    server_cert = ca.issue_cert(*SERVER_NAMES)
    ca_pem = directory / "ca.pem"
    cert_chain_pem = directory / "server-chain.pem"
    key_pem = directory / "server-key.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    cert_chain_pem.write_bytes(b"".join(blob.bytes() for blob in server_cert.cert_chain_pems))
    server_cert.private_key_pem.write_to_path(str(key_pem))
    return LocalCA(ca, server_cert, ca_pem, cert_chain_pem, key_pem)
