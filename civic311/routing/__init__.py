"""Which department answers a request, and where the city sends what is
not its own."""
