"""The I/O shell of afterview: IMAP, SMTP, the store, the clock, signals and the CLI."""
