"""Time ``civic311.geography.jurisdiction.locate`` on the demo city.

    .venv/bin/python bench/locate.py

Two sets of 1,000 seeded random points: in and around the city (most
inside), and spread over the region (most outside, so every neighbour's
outline is asked). Each set is located five times; the figure is the mean
time per call.
"""

import os
import random
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POINTS = 1000
ROUNDS = 5


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic311.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from civic311.geography.jurisdiction import locate

    rng = random.Random(1)
    sets = {
        "in and around the city": [
            (38.80 + rng.random() * 0.04, -77.13 + rng.random() * 0.08)
            for _ in range(POINTS)
        ],
        "across the region": [
            (38.70 + rng.random() * 0.3, -77.3 + rng.random() * 0.4)
            for _ in range(POINTS)
        ],
    }
    for name, points in sets.items():
        seconds = timeit.timeit(
            lambda points=points: [locate(lat, long) for lat, long in points],
            number=ROUNDS,
        )
        print(f"{name}: {seconds / (ROUNDS * POINTS) * 1e6:.1f} µs per locate")


if __name__ == "__main__":
    main()
