"""Mail servers on 127.0.0.1 for `afterview demo` and the tests: Dovecot and an SMTP sink."""
