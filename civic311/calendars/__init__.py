"""Business calendars: when departments work, and the SLA clock on them."""
