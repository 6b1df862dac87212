"""A range check for number fields that cannot itself crash.

WTForms' ``NumberRange`` calls ``math.isnan`` on the value, which raises on a
310-digit integer (too large for a float) and on ``Decimal("sNaN")``: a typed
number became a 500 instead of a form error. This one compares exactly
(ints as ints, Decimals as Decimals) and treats anything not finite as out of
range.
"""

from __future__ import annotations

from decimal import Decimal
from numbers import Number

from wtforms.validators import StopValidation


def _finite(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, Number):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return True


def _exact(bound: int | float | str | None) -> int | Decimal | None:
    if bound is None or isinstance(bound, int):
        return bound
    return Decimal(str(bound))


class InRange:
    """``min <= value <= max`` for ints and Decimals of any size; NaN, sNaN and infinities are out."""

    def __init__(self, min: int | float | str | None = None, max: int | float | str | None = None,
                 message: str | None = None) -> None:
        self.min, self.max = _exact(min), _exact(max)
        self.message = message or f"Number must be between {min} and {max}."
        self.field_flags = {k: v for k, v in (("min", min), ("max", max)) if v is not None}

    def __call__(self, form, field) -> None:
        data = field.data
        if data is None:
            return  # DataRequired / Optional decide about blanks
        if not _finite(data):
            raise StopValidation(self.message)
        value = Decimal(data) if isinstance(data, float) else data
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise StopValidation(self.message)
