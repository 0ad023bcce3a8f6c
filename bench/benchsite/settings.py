"""The real settings, with URLs that add the benchmark's own endpoints.

Everything else (database, DEBUG, middleware) comes from the environment
exactly as in production, so the figures are those of a deployed site.
"""

from civic311.settings import *  # noqa: F403

ROOT_URLCONF = "bench.benchsite.urls"
