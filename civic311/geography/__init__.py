"""Where things are: the city's boundary, its neighbourhoods and its
neighbours, read from the city profile.

A plain package, not a Django app: ``shapes`` does the geometry in pure
Python, ``profile`` reads the ``[geography]`` section of a city profile, and
``jurisdiction.locate`` is the one call every channel makes.
"""
