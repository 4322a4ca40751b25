"""Typed values every loader uses: text, dates, countries, identifiers, reliability.

Each function takes a raw cell (read as text) and returns the normalised value, or raises
:class:`graphkit.errors.BadValue` with the reason and the raw value; the loader adds file,
row and column. Missing cells (None, empty, blank) give None or an empty list. Pure
functions: the only I/O is reading the packaged country tables once. The rules and
decisions are in docs/normalisation.md.

>>> from graphkit.normalize import parse_date, normalize_country, match_key
>>> str(parse_date("R6.5.1")), normalize_country("中国"), match_key("(株)山田製作所", "Company")
('2024-05-01', 'CN', '山田製作所')
"""
from graphkit.normalize.countries import country_name, is_foreign, normalize_country
from graphkit.normalize.dates import ERAS, PartialDate, parse_date
from graphkit.normalize.identifiers import (
    check_corporate_number,
    corporate_check_digit,
    parse_identifiers,
)
from graphkit.normalize.reliability import ADMIRALTY_GRADES, parse_reliability
from graphkit.normalize.text import (
    caseless_key,
    fold,
    is_missing,
    legal_form_stripped,
    match_key,
    spaceless_key,
    split_multi,
    word_key,
)

__all__ = [
    "ADMIRALTY_GRADES",
    "ERAS",
    "PartialDate",
    "caseless_key",
    "check_corporate_number",
    "corporate_check_digit",
    "country_name",
    "fold",
    "is_foreign",
    "is_missing",
    "legal_form_stripped",
    "match_key",
    "normalize_country",
    "parse_date",
    "parse_identifiers",
    "parse_reliability",
    "spaceless_key",
    "split_multi",
    "word_key",
]
