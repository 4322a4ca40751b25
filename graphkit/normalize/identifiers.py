"""Identifiers: Japanese corporate numbers (法人番号), e-mail addresses, phone numbers.

An identifiers cell holds several values separated by ``;`` (or ``；``). Each becomes one
canonical token, the same for every spelling of the same identifier, so identity resolution
can key an entity on it:

- ``jp-corp:NNNNNNNNNNNNN``: a 13-digit corporate number whose check digit is right (also
  read from a qualified-invoice registration number, ``T`` + the corporate number);
- ``jp-invoice:TNNNNNNNNNNNNN``: an invoice registration number that is not a corporate
  number (sole traders);
- ``email:name@example.com``: lower-cased (``Taro <taro@example.com>`` gives the address);
- ``phone:+81312345678``: digits only, with the country calling code (a national number
  starting with one ``0`` gets the home country's code, default Japan +81);
- ``id:TEXT``: anything else, width-folded.

The corporate-number check digit follows 法人番号の指定等に関する省令 (平成26年財務省令第70号)
第2条: with P(n) the n-th digit of the 12-digit base number counted from its least significant
digit and Q(n) = 1 for odd n, 2 for even n, the check digit is 9 - (sum of P(n) x Q(n) mod 9).
It is written first, so corporate numbers never start with 0.

>>> check_corporate_number("7000012050002")  # 国税庁 (National Tax Agency)
'7000012050002'
>>> parse_identifiers("７０００－０１２０－５０００２; Info@Example.JP; 03-1234-5678")
['jp-corp:7000012050002', 'email:info@example.jp', 'phone:+81312345678']
"""
from __future__ import annotations

import re

from graphkit.errors import BadValue
from graphkit.normalize.text import fold, is_missing, split_multi

__all__ = ["is_corporate_number_header", "corporate_numbers_cell", "check_corporate_number", "corporate_check_digit", "parse_identifiers", "normalize_email",
           "normalize_phone", "CALLING_CODES"]

#: Country calling codes for the home country of national phone numbers (ITU-T E.164).
CALLING_CODES: dict[str, str] = {
    "JP": "81", "US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "IT": "39",
    "KR": "82", "CN": "86", "TW": "886", "HK": "852", "SG": "65", "AU": "61", "IN": "91",
    "NL": "31", "CH": "41", "SE": "46", "RU": "7", "IL": "972", "VN": "84", "TH": "66",
}

_CORP_PREFIX = re.compile(r"^(?:jp-corp|法人番号|corporate\s*number|houjin\s*bangou?)\s*[:：]?\s*", re.IGNORECASE)
_EMAIL = re.compile(r"^(?:e-?mail\s*:\s*|mailto:)?([^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)$", re.IGNORECASE)
_NAMED_EMAIL = re.compile(r"^[^<>]*<\s*(?:mailto:)?([^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)\s*>$", re.IGNORECASE)
# A qualified-invoice registration number (適格請求書発行事業者登録番号) is "T" + 13 digits:
# a corporation's corporate number, or (sole traders, unincorporated bodies) a number the NTA
# assigns that never overlaps a corporate number (invoice-kohyo.nta.go.jp, 登録番号とは).
_INVOICE_NUMBER = re.compile(r"^T\s*-?\s*(\d[\d\s\-]{12,20})$", re.IGNORECASE)
_PHONE_PREFIX = re.compile(r"^(?:phone|tel|fax|mobile|電話|携帯)\s*[:：]?\s*", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")
_ID_PREFIX = re.compile(r"^id\s*:\s*", re.IGNORECASE)


_CORP_HEADER = re.compile(r"^(?:法人番号|corporate\s*numbers?|houjin\s*bangou?|jp-corp)$", re.IGNORECASE)


def is_corporate_number_header(header: str) -> bool:
    """Whether a column header declares corporate numbers (法人番号), whose cells are then read
    as corporate numbers only, never as phone numbers or free ids.

    >>> is_corporate_number_header("法人番号"), is_corporate_number_header("電話番号")
    (True, False)
    """
    return bool(_CORP_HEADER.match(fold(header).strip()))


def corporate_numbers_cell(raw: str) -> str:
    """A cell of a corporate-number column, each value marked so that :func:`parse_identifiers`
    checks it as a corporate number (and rejects a 12-digit value or a wrong check digit).

    >>> corporate_numbers_cell("7000012050002; 000012050002")
    '法人番号:7000012050002; 法人番号:000012050002'
    """
    return "; ".join("法人番号:" + part for part in split_multi(raw))


def corporate_check_digit(base12: str) -> int:
    """The check digit of a 12-digit base number (会社法人等番号).

    >>> corporate_check_digit("000012050002")
    7
    """
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError("the base number has 12 digits")
    total = sum(int(d) * (1 if n % 2 == 1 else 2) for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def check_corporate_number(raw: object) -> str:
    """A valid 13-digit corporate number (法人番号) as 13 ASCII digits.

    Full-width digits are accepted; spaces and hyphens are removed.

    Raises
    ------
    BadValue
        Wrong length, a non-digit, or a check digit that does not match.

    >>> check_corporate_number("4-0110-0109-8993")
    '4011001098993'
    """
    if is_missing(raw):
        raise BadValue("the corporate number (法人番号) is missing", value=raw)
    text = _CORP_PREFIX.sub("", fold(str(raw)))
    digits = re.sub(r"[\s\-‐‑–—―ー]", "", text)
    if digits and not (digits.isdigit() and digits.isascii()):
        raise BadValue("a corporate number (法人番号) has only digits", value=raw)
    if len(digits) != 13:
        raise BadValue(f"a corporate number (法人番号) has 13 digits, not {len(digits)}", value=raw)
    expected = corporate_check_digit(digits[1:])
    if int(digits[0]) != expected:
        raise BadValue(
            f"corporate number check digit is {digits[0]}, expected {expected} (a digit is wrong)",
            value=raw,
        )
    return digits


def parse_identifiers(raw: object, *, home: str = "JP") -> list[str]:
    """Canonical identifier tokens of a ``;``-separated identifiers cell, in order, deduped.

    ``home`` (alpha-2) gives the calling code for national phone numbers (``03-...``).

    Raises
    ------
    BadValue
        When a value is a corporate number (13 digits not starting with 0, or marked
        ``法人番号:``) with a wrong check digit, or a marked phone number that is not one.

    >>> parse_identifiers("+81 (0)3-1234-5678; id: ABC-1")
    ['phone:+81312345678', 'id:ABC-1']
    """
    if is_missing(raw):
        return []
    tokens: dict[str, None] = {}
    for part in split_multi(str(raw)):
        tokens.setdefault(_classify(part, home), None)
    return list(tokens)


def normalize_email(raw: object) -> str:
    """One e-mail address, lower-cased (the ``email`` property type).

    >>> normalize_email("Taro <Taro@Example.JP>")
    'taro@example.jp'
    """
    text = fold(str(raw)).strip() if not is_missing(raw) else ""
    found = _EMAIL.match(text) or _NAMED_EMAIL.match(text)
    if not found:
        raise BadValue("not an e-mail address", value=raw)
    return found.group(1).lower()


def normalize_phone(raw: object, *, home: str = "JP") -> str:
    """One phone number as ``+`` and digits, with the country calling code (the ``phone``
    property type); a national number starting with 0 gets ``home``'s code.

    >>> normalize_phone("03-1234-5678")
    '+81312345678'
    """
    number = _PHONE_PREFIX.sub("", fold(str(raw)).strip()) if not is_missing(raw) else ""
    digits = re.sub(r"\D", "", number)
    phone = _phone(number, digits, home) if digits and _PHONE_CHARS.match(number) else None
    if not phone:
        raise BadValue("not a phone number: expected digits with +country code or a leading 0", value=raw)
    return phone


def _classify(value: str, home: str) -> str:
    if _CORP_PREFIX.match(value):
        return "jp-corp:" + check_corporate_number(value)
    invoice = _INVOICE_NUMBER.match(value)
    if invoice:
        digits = re.sub(r"\D", "", invoice.group(1))
        if len(digits) == 13:
            try:
                return "jp-corp:" + check_corporate_number(digits)
            except BadValue:
                # Not a corporate number: a sole trader's number, whose check rule the
                # NTA does not publish; kept as its own token, never rejected.
                return "jp-invoice:T" + digits
    email = _EMAIL.match(value) or _NAMED_EMAIL.match(value)
    if email:
        return "email:" + email.group(1).lower()
    marked_phone = bool(_PHONE_PREFIX.match(value))
    number = _PHONE_PREFIX.sub("", value)
    digits = re.sub(r"\D", "", number)
    if _PHONE_CHARS.match(number) and digits:
        if len(digits) == 13 and not number.lstrip().startswith(("+", "0")):
            return "jp-corp:" + check_corporate_number(number)
        phone = _phone(number, digits, home)
        if phone:
            return "phone:" + phone
    if marked_phone:
        raise BadValue("not a phone number: expected digits with +country code or a leading 0", value=value)
    return "id:" + _ID_PREFIX.sub("", value)


def _phone(number: str, digits: str, home: str) -> str | None:
    """E.164-style '+<country><national>' or None when the text is not a phone number."""
    text = number.strip()
    if text.startswith("+"):
        # "+81 (0)3-..." : a trunk 0 written in brackets after the country code is dropped.
        national = re.sub(r"\(\s*0\s*\)", "", text[1:])
        full = re.sub(r"\D", "", national)
    elif digits.startswith("00") and not digits.startswith("000"):
        full = digits[2:]  # international prefix as dialled from most countries
    elif digits.startswith("0"):
        code = CALLING_CODES.get(home.upper())
        if code is None:
            raise BadValue(f"no calling code known for home country {home}", value=number)
        full = code + digits[1:]
    else:
        return None
    if not 8 <= len(full) <= 15:  # E.164: at most 15 digits; shortest real numbers ~8
        return None
    return "+" + full
