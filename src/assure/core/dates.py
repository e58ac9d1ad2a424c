"""The range of days Assure accepts for what people enter (publication, fieldwork, due dates).

Python's dates stop at 9999-12-31, so a publication date there has no "three months later" and
a plan "as at" it has no next day: refusing what no inspection can mean keeps every sum in range.
"""

import datetime

from django.core.exceptions import ValidationError

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def check_in_range(field: str, label: str, value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError({field: f"{label} must be between {EARLIEST.year} and {LATEST.year}"})
