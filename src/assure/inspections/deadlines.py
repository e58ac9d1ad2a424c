"""Deadlines stated in inspection recommendations, and the due dates they resolve to.

Inspectorates rarely give a calendar date; they write "immediately", "within three
months" or "by 31 March 2015", and the clock usually starts on the day the report is
published. We therefore store the *rule* as written (so it can be shown and re-resolved
if the publication date is corrected) and compute ``due_on`` from it on demand.

This module is deliberately pure (no Django, no I/O): the extractor and the database
models both use it, and it must behave the same in both places.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

Rule = Literal["immediately", "within", "by_date", "none"]
Unit = Literal["weeks", "months"]

RULES: tuple[str, ...] = ("immediately", "within", "by_date", "none")
UNITS: tuple[str, ...] = ("weeks", "months")


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """A deadline as the report states it.

    ``inherited`` is True when the recommendation itself states no deadline and took
    this one from the recommendation it continues (same area); it is kept so a reader
    can see the date was inferred rather than written.
    """

    rule: Rule
    amount: int | None = None
    unit: Unit | None = None
    date: date | None = None
    inherited: bool = False

    def __post_init__(self) -> None:
        """Reject combinations that cannot be resolved, so bad data fails early."""
        if self.rule not in RULES:
            raise ValueError(f"unknown deadline rule {self.rule!r}")
        if self.rule == "within":
            if not isinstance(self.amount, int) or self.amount < 0 or self.unit not in UNITS:
                raise ValueError("a 'within' deadline needs a whole amount and weeks or months")
        elif self.amount is not None or self.unit is not None:
            raise ValueError(f"a {self.rule!r} deadline has no amount or unit")
        if (self.rule == "by_date") != (self.date is not None):
            raise ValueError("only a 'by_date' deadline carries a date, and it must")

    def as_inherited(self) -> DeadlineRule:
        """The same deadline, marked as taken from a preceding recommendation."""
        return replace(self, inherited=True)

    def describe(self) -> str:
        """Plain-English wording for people reading a list of recommendations."""
        if self.rule == "immediately":
            text = "immediately"
        elif self.rule == "within":
            unit = self.unit if self.amount != 1 else str(self.unit)[:-1]
            text = f"within {self.amount} {unit}"
        elif self.rule == "by_date" and self.date is not None:
            text = f"by {self.date.day} {self.date:%B %Y}"
        else:
            text = "no deadline stated"
        return f"{text} (inherited)" if self.inherited else text

    def to_json(self) -> dict[str, Any]:
        """The data-contract shape: rule, amount, unit, date (ISO) and inherited."""
        return {
            "rule": self.rule,
            "amount": self.amount,
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
            "inherited": self.inherited,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeadlineRule:
        """Inverse of :meth:`to_json`; raises ValueError on malformed data."""
        raw_date = data.get("date")
        return cls(
            rule=data.get("rule", "none"),
            amount=data.get("amount"),
            unit=data.get("unit"),
            date=date.fromisoformat(raw_date) if raw_date else None,
            inherited=bool(data.get("inherited", False)),
        )


NO_DEADLINE = DeadlineRule("none")


def to_json(rule: DeadlineRule) -> dict[str, Any]:
    """Module-level alias of :meth:`DeadlineRule.to_json` (handy for JSONField defaults)."""
    return rule.to_json()


def from_json(data: dict[str, Any]) -> DeadlineRule:
    """Module-level alias of :meth:`DeadlineRule.from_json`."""
    return DeadlineRule.from_json(data)


# --- Resolution ---------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, clamped to the month end (31 Jan + 1 = 28/29 Feb).

    This is how people read "within one month": the same day next month, or the last
    day if that month is shorter.
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def resolve_due_on(rule: DeadlineRule, published: date | None) -> date | None:
    """The date a recommendation is due, or None when it cannot be known.

    Relative deadlines count from the publication date, so without one only an
    explicit ``by_date`` resolves; nor does one that would fall after the last date a
    calendar holds (31 December 9999), which only a mistyped publication date gives.
    """
    if rule.rule == "by_date":
        return rule.date
    if published is None or rule.rule == "none":
        return None
    if rule.rule == "immediately":
        return published
    try:
        if rule.unit == "months":
            return add_months(published, rule.amount or 0)
        return published + timedelta(days=7 * (rule.amount or 0))
    except (OverflowError, ValueError):
        return None


# --- Parsing ------------------------------------------------------------------------

_UNITS_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def _alternation(words: list[str]) -> str:
    """Longest first, so "seventeen" is tried before "seven"."""
    return "|".join(sorted(words, key=len, reverse=True))


_SMALL = _alternation([*_UNITS_WORDS, *_TEENS_WORDS])
_NUMBER = (
    rf"(?:(?:{_alternation(list(_TENS_WORDS))})(?:[ -](?:{_alternation(list(_UNITS_WORDS))}))?"
    rf"|{_SMALL}|[0-9]{{1,3}}|an?)"
)


def words_to_int(text: str) -> int | None:
    """ "three" → 3, "twenty-four" → 24, "12" → 12, "a" → 1; None if not a number."""
    token = re.sub(r"[\s-]+", " ", text.strip().lower())
    if token.isascii() and token.isdigit():
        return int(token)
    if token in ("a", "an"):
        return 1
    parts = token.split(" ")
    small = {**_UNITS_WORDS, **_TEENS_WORDS}
    if len(parts) == 1:
        return small.get(parts[0], _TENS_WORDS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _UNITS_WORDS:
        return _TENS_WORDS[parts[0]] + _UNITS_WORDS[parts[1]]
    return None


_IMMEDIATE_RE = re.compile(
    r"\b(?:immediately|with\s+immediate\s+effect|forthwith|as\s+a\s+matter\s+of\s+urgency)\b",
    re.IGNORECASE,
)

_WITHIN_RE = re.compile(
    r"\b(?:within|(?:in|over)\s+the\s+next|(?:no|not)\s+later\s+than)\s+"
    r"(?:the\s+next\s+|a\s+period\s+of\s+|the\s+following\s+)?"
    rf"(?P<num>{_NUMBER})(?:\s*\([0-9]{{1,3}}\))?[\s-]+"
    r"(?P<unit>calendar\s+months?|months?|weeks?|years?|days?)\b",
    re.IGNORECASE,
)

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name} | {
    name.lower(): index for index, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9
_MONTH = rf"(?P<month>{_alternation(list(_MONTHS))})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_DATE_FORMS = (
    rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}",  # 31 March 2015, 31st of March 2015
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # March 31, 2015
    rf"{_MONTH},?\s+{_YEAR}",  # (the end of) March 2015
    r"(?P<nday>[0-9]{1,2})[/.-](?P<nmonth>[0-9]{1,2})[/.-](?P<nyear>(?:19|20)[0-9]{2})",
    r"(?P<iyear>(?:19|20)[0-9]{2})-(?P<imonth>[0-9]{2})-(?P<iday>[0-9]{2})",
)
_DATE_KEYWORDS = (
    r"\b(?:by|before|on\s+or\s+before|(?:by\s+)?(?:no|not)\s+later\s+than)"
    r"\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?"
)
_BY_DATE_RES = tuple(
    re.compile(rf"{_DATE_KEYWORDS}(?:{form})\b", re.IGNORECASE) for form in _DATE_FORMS
)


def _date_from_match(match: re.Match[str]) -> date | None:
    """Build the date a by-date match names; a month without a day means its last day."""
    groups = {k: v for k, v in match.groupdict().items() if v}
    try:
        if "iyear" in groups:
            return date(int(groups["iyear"]), int(groups["imonth"]), int(groups["iday"]))
        if "nyear" in groups:  # UK order: day/month/year
            return date(int(groups["nyear"]), int(groups["nmonth"]), int(groups["nday"]))
        year = int(groups["year"])
        month = _MONTHS[groups["month"].lower()]
        day = int(groups["day"]) if "day" in groups else calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except (KeyError, ValueError):
        return None


def _within_from_match(match: re.Match[str]) -> DeadlineRule | None:
    """Turn "within N units" into a rule; years become months, whole weeks of days weeks.

    A number of days that is not whole weeks cannot be expressed in the contract's
    units, so it is not treated as a deadline (None) rather than silently rounded.
    """
    amount = words_to_int(match.group("num"))
    unit = match.group("unit").lower().split()[-1].rstrip("s")
    if amount is None:
        return None
    if unit == "year":
        return DeadlineRule("within", amount * 12, "months")
    if unit == "day":
        return DeadlineRule("within", amount // 7, "weeks") if amount % 7 == 0 else None
    return DeadlineRule("within", amount, "months" if unit == "month" else "weeks")


def find_deadline(text: str) -> tuple[int, int, DeadlineRule] | None:
    """Like :func:`parse_deadline` but also says where the phrase is (start, end).

    The extractor uses the span to tell whether a lead-in such as "Within three months
    the force should:" has anything left besides its deadline.
    """
    best: tuple[int, int, DeadlineRule] | None = None
    for regex in (_IMMEDIATE_RE, _WITHIN_RE, *_BY_DATE_RES):
        for match in regex.finditer(text):
            rule = _rule_for(regex, match)
            if rule is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), match.end(), rule)
                break
    return best


def _rule_for(regex: re.Pattern[str], match: re.Match[str]) -> DeadlineRule | None:
    """The rule a match of one of the deadline patterns stands for."""
    if regex is _IMMEDIATE_RE:
        return DeadlineRule("immediately")
    if regex is _WITHIN_RE:
        return _within_from_match(match)
    when = _date_from_match(match)
    return DeadlineRule("by_date", date=when) if when else None


def parse_deadline(text: str) -> DeadlineRule:
    """The deadline a recommendation states, wherever it is in the text.

    Recognises "immediately" / "with immediate effect" / "forthwith" / "as a matter of
    urgency"; "within N weeks|months|years" (N in digits or words up to ninety-nine,
    also "in the next N months" and "no later than N months"); and "by / before /
    no later than <date>" (31 March 2015, 31st March 2015, March 31, 2015,
    the end of March 2015, 31/03/2015, 2015-03-31). When several appear, the earliest
    wins, because the first stated deadline is the one that governs the action (later
    ones usually qualify a sub-task). Phrases such as "within the required time frame"
    or "more than three months" are not deadlines and give ``rule="none"``.
    """
    found = find_deadline(text or "")
    return found[2] if found else NO_DEADLINE
