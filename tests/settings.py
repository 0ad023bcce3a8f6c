"""Settings for the test suite: the real settings with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ENVIRONMENT", "test")
# No map tiles: tests reach no outside server.
os.environ.setdefault("MAP_TILES", "")

from civic311.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No geocoding, whatever the environment says: the tests that need it
# point the city's geocoders at a fake server of their own.
GEOCODING_ENABLED = False

# WhiteNoise would index every file of the npm packages (thousands of USWDS
# icons) each time a test client builds its middleware. The live server of
# the browser tests serves static files through Django's own finders.
WHITENOISE_USE_FINDERS = False

# The live server's threads must not keep connections open past a test, or
# PostgreSQL refuses to drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
