"""Public request numbers that residents can read over the phone.

A number is the row id plus a fixed offset, followed by a Damm check digit,
so every mistyped digit and every swap of two neighbouring digits is caught
before a look-up: ``1000015`` is row 1.
"""

OFFSET = 100_000

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _check_digit(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def encode(pk: int) -> str:
    body = str(pk + OFFSET)
    return f"{body}{_check_digit(body)}"


def decode(public_id: str) -> int | None:
    """Return the row id of ``public_id``, or None when it cannot be one.

    Spaces and dashes that people add when reading a number aloud are
    ignored.
    """
    digits = public_id.strip().replace(" ", "").replace("-", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) < 7:
        return None
    if len(digits) > 19 or _check_digit(digits) != 0:
        return None
    pk = int(digits[:-1]) - OFFSET
    return pk if pk > 0 else None
