"""Working days in France, for contractual deadlines counted in *jours ouvrés*.

Code des assurances art. L113-2 4°: the deadline to declare a claim is set by the contract
and may not be shorter than five working days. A working day here is Monday to Friday,
except the French public holidays (Alsace-Moselle's two extra days are not counted: a firm
there can shorten its playbook's deadline).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month = (h + j - 7 * m + 114) // 31
    day = (h + j - 7 * m + 114) % 31 + 1
    return date(year, month, day)


@functools.cache
def public_holidays(year: int) -> frozenset[date]:
    """The eleven French public holidays of ``year``."""
    e = easter(year)
    return frozenset(
        {
            date(year, 1, 1),
            e + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            date(year, 5, 8),
            e + timedelta(days=39),  # Ascension
            e + timedelta(days=50),  # Whit Monday
            date(year, 7, 14),
            date(year, 8, 15),
            date(year, 11, 1),
            date(year, 11, 11),
            date(year, 12, 25),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The end (23:59:59, Paris time) of the ``days``-th working day after ``start``'s day.

    The day of the event does not count, as in the usual reading of a *délai en jours
    ouvrés*; the result is an aware datetime.
    """
    day = start.astimezone(PARIS).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, time(23, 59, 59), tzinfo=PARIS)
