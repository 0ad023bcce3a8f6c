"""Console pages, one module per area; each module lists its own
``urlpatterns``, which ``civic311.console.urls`` joins."""
