"""Pure policies: applications, their state machine, and the timing rules that plan follow-ups."""
