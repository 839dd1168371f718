"""Pure parsers: the raw bytes of one message in, facts about a job application out."""
