"""Short answers that 311 agents read out to callers."""
