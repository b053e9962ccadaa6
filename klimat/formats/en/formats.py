"""English formats: "1,234.5"; dates as in Swedish: "24 November 2026" (day first, as in
Sweden and the UK), ISO dates where space is short ("2026-11-24") and the 24-hour clock.
Django reads every name below from this module."""

from klimat.formats.sv.formats import (  # noqa: F401 (Django reads them from here)
    DATE_FORMAT,
    DATETIME_FORMAT,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
