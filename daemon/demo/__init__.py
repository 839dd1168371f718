"""`afterview demo`: the daemon's whole story on a sample mailbox, on servers of its own."""
