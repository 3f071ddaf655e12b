"""Brand offers: their state machine, deliverables, fair-rate hints and disclosure rules with the caption checker."""
