"""What `afterview doctor`'s server checks share: reaching a server, and reading why TLS
or a login failed, as findings with a fix."""

from __future__ import annotations

import queue
import socket
import ssl
import threading
import time
from typing import Any, TypeVar

from afterview.daemon.config import Imap, Smtp
from afterview.daemon.doctor_findings import (
    _AGAIN,
    Finding,
    Password,
    Section,
    ok,
    problem,
    warning,
)

E = TypeVar("E", bound=BaseException)


def reach(section: Section, server: Imap | Smtp, timeout: float) -> Finding:
    """Resolve the host and open (then close) a TCP connection to the configured port."""
    check, where = f"{section}.connect", f"{server.host}:{server.port}"
    try:
        addresses = _resolve(server.host, server.port, timeout)
    except OSError as error:
        fix = f"check the spelling of {section}.host: your provider's documented server name"
        return problem(check, f"cannot find {server.host} in DNS: {error.strerror or error}", fix)
    try:
        connected = _connect(addresses, timeout)
    except ConnectionRefusedError:
        return problem(check, f"nothing accepts connections at {where}", port_fix(section))
    except TimeoutError:
        fix = f"a firewall may block port {server.port}; or {port_fix(section)}"
        return problem(check, f"no answer from {where} within {timeout:g} s", fix)
    except OSError as error:
        detail = f"cannot connect to {where}: {error.strerror or error}"
        return problem(check, detail, "check this machine's network connection")
    return ok(check, f"{where} accepts connections ({connected})")


def port_fix(section: Section) -> str:
    """How to fix a port nothing listens on: the usual ones for each kind of TLS."""
    implicit, starttls = (993, 143) if section == "imap" else (465, 587)
    return (
        f"check {section}.host and {section}.port: the usual ports are {implicit} "
        f"with {section}.tls: implicit and {starttls} with {section}.tls: starttls"
    )


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo, bounded: it takes no timeout, so it runs on a thread of its own."""
    answer: queue.SimpleQueue[list[Any] | OSError] = queue.SimpleQueue()

    def lookup() -> None:
        try:
            answer.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            answer.put(error)

    # A daemon thread: a lookup stuck past the timeout must not hold the process's exit.
    threading.Thread(target=lookup, name="doctor dns", daemon=True).start()
    try:
        result = answer.get(timeout=timeout)
    except queue.Empty:
        raise OSError(f"no answer within {timeout:g} s") from None
    if isinstance(result, OSError):
        raise result
    return result


def _connect(addresses: list[Any], timeout: float) -> str:
    """The first address that accepts a connection; the last error if none does."""
    error = OSError("no address")
    for family, kind, proto, _name, address in addresses:
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(timeout)
                sock.connect(address)
                return str(address[0])
        except OSError as failed:
            error = failed
    raise error


def unusable_ca(section: Section, server: Imap | Smtp) -> Finding | None:
    """A ca_file that holds no certificate Python can load, as a finding."""
    if server.ca_file is None:
        return None
    try:
        ssl.create_default_context(cafile=server.ca_file)
    except OSError as error:  # ssl.SSLError included
        fix = f"point {section}.ca_file at the authority's certificate, in PEM format"
        return problem(f"{section}.tls", f"cannot load {server.ca_file}: {error}", fix)
    return None


def verified(check: str, version: str | None, cert: dict[str, Any] | None) -> Finding:
    """A TLS session whose certificate passed verification, described."""
    cert = cert or {}
    names = ", ".join(value for _kind, value in cert.get("subjectAltName", ())) or "?"
    issuer = dict(pair for rdn in cert.get("issuer", ()) for pair in rdn)
    by = issuer.get("organizationName") or issuer.get("commonName") or "?"
    days = int((ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) // 86400)
    detail = f"{version}; certificate for {names} from {by} verified, valid {days} more days"
    if days < 14:
        fix = "ask the server's administrator (your mail provider) to renew its certificate"
        return warning(check, detail, fix)
    return ok(check, detail)


def tls_failure(section: Section, server: Imap | Smtp, error: BaseException) -> Finding:
    """What a failed TLS set-up means, and the setting that fixes it."""
    check, where = f"{section}.tls", f"{server.host}:{server.port}"
    if refused := _cause(error, ssl.SSLCertVerificationError):
        return _untrusted(section, server, refused)
    # The usual mix-ups: implicit TLS on a plaintext port, which answers the TLS hello with
    # its greeting, or STARTTLS on a TLS port, which waits for a hello that never comes.
    if server.tls == "implicit" and _cause(error, ssl.SSLError):
        detail = f"TLS handshake with {where} failed ({error}): is it a plaintext port?"
        return problem(check, detail, port_fix(section))
    if _cause(error, TimeoutError):
        if server.tls == "starttls":
            detail = f"{where} sent no greeting: does it expect TLS from the first byte?"
            return problem(check, detail, port_fix(section))
        return problem(check, f"{where} did not answer in time", _AGAIN)
    return problem(check, f"{where}: {error}", _AGAIN)


def _cause(error: BaseException | None, kind: type[E]) -> E | None:
    """The error, or the first of its causes, that is a `kind`."""
    for _depth in range(10):
        if error is None or isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None


# OpenSSL's verify codes (X509_V_ERR_*) that ca_file cannot fix.
_EXPIRED, _HOSTNAME_MISMATCH = 10, 62


def _untrusted(
    section: Section, server: Imap | Smtp, error: ssl.SSLCertVerificationError
) -> Finding:
    key, reason = f"{section}.ca_file", error.verify_message or str(error)
    detail = f"{server.host}:{server.port}: certificate refused ({reason}); no password was sent"
    if error.verify_code == _HOSTNAME_MISMATCH:
        fix = f"set {section}.host to a name the certificate covers (your provider's server name)"
    elif error.verify_code == _EXPIRED:
        fix = "the certificate has expired: its administrator must renew it"
    elif server.ca_file is not None:
        fix = f"{key} ({server.ca_file}) lacks the authority that signed it: correct {key}"
    else:
        fix = (
            "no authority this system trusts signed it. If the server has an authority of its "
            f"own (self-hosted), save that authority's certificate as a PEM file and set {key}: "
            f"/path/to/ca.pem; if not, check {section}.host"
        )
    return problem(f"{section}.tls", detail, fix)


def plaintext(section: Section, server: Imap | Smtp) -> Finding:
    """The TLS finding for a loopback server the config reaches without TLS."""
    detail = f"no TLS ({section}.tls: none): allowed because {server.host} is this machine"
    return ok(f"{section}.tls", detail)


def wrong_password_fix(section: Section, username: str, password: Password) -> str:
    """How to fix a refused login: the source the password came from, and app passwords."""
    return (
        f"put the right password in {password.origin}, and check {section}.username "
        f"({username!r}). Gmail, iCloud, Yahoo and Fastmail refuse your usual password to "
        "mail programs: create an app password and store that instead"
    )
