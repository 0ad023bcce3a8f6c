"""Reads used by console pages, one module per area of the console."""
