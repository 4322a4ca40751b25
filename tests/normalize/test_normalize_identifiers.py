"""Corporate numbers (法人番号) and identifier tokens.

Check-digit rule: 法人番号の指定等に関する省令 (平成26年財務省令第70号) 第2条. Real published
numbers used here:
- 7000012050002: 国税庁 (National Tax Agency), printed beside its name on JIPDEC's seminar page
  itc.jipdec.or.jp/event/1_ono.html;
- 4011001098993: 株式会社FoundingBase, given with a worked check on qiita.com/mziyut;
- 2120901007402: the worked example of zeirishi-blog.info ("法人番号を自分で調べる方法");
- 1180301018771: the example of the corporate-number-jp package README.
Hand check for 7000012050002: base 000012050002 read from the right: 2x1+0x2+0x1+0x2+5x1+0x2
+2x1+1x2+0x1+0x2+0x1+0x2 = 11; 11 mod 9 = 2; 9 - 2 = 7.
"""
from __future__ import annotations

import pytest

from graphkit.errors import BadValue
from graphkit.normalize import check_corporate_number, corporate_check_digit, parse_identifiers

REAL = ["7000012050002", "4011001098993", "2120901007402", "1180301018771"]


@pytest.mark.parametrize("number", REAL)
def test_real_corporate_numbers_are_valid(number: str) -> None:
    assert check_corporate_number(number) == number


def test_hand_computed_check_digit() -> None:
    assert corporate_check_digit("000012050002") == 7
    assert corporate_check_digit("123456789012") == 7  # the 財務省令 explanation's example: sum 74


@pytest.mark.parametrize("number", REAL)
def test_every_single_tampered_digit_is_caught(number: str) -> None:
    caught = 0
    for position in range(13):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            tampered = number[:position] + digit + number[position + 1 :]
            try:
                check_corporate_number(tampered)
            except BadValue:
                caught += 1
    # A mod-9 check misses exactly the changes of a base digit by 9 (0<->9) times its weight
    # class; everything else must be caught. Count the misses the rule allows.
    allowed_misses = sum(1 for p in range(1, 13) if number[p] in "09")
    assert caught == 13 * 9 - allowed_misses


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("７００００１２０５０００２", "7000012050002"),
        ("7-0000-1205-0002", "7000012050002"),
        ("7 0000 1205 0002", "7000012050002"),
        ("７－００００－１２０５－０００２", "7000012050002"),
        ("法人番号: 7000012050002", "7000012050002"),
    ],
)
def test_corporate_number_spellings(raw: str, clean: str) -> None:
    assert check_corporate_number(raw) == clean


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("7000012050003", "check digit is 7, expected 6"),
        ("1000012050002", "check digit is 1, expected 7"),
        ("700001205000", "13 digits, not 12"),
        ("70000120500021", "13 digits, not 14"),
        ("7000O12050002", "only digits"),
        ("", "missing"),
        ("法人番号:", "13 digits, not 0"),
    ],
)
def test_bad_corporate_numbers(raw: str, reason: str) -> None:
    with pytest.raises(BadValue) as info:
        check_corporate_number(raw)
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("7000012050002", ["jp-corp:7000012050002"]),
        ("7000012050002; Info@Example.JP; 03-1234-5678", ["jp-corp:7000012050002", "email:info@example.jp", "phone:+81312345678"]),
        ("７０００－０１２０－５０００２；ＩＮＦＯ＠ＥＸＡＭＰＬＥ．ＪＰ", ["jp-corp:7000012050002", "email:info@example.jp"]),
        ("+81 3-1234-5678", ["phone:+81312345678"]),
        ("+81 (0)3-1234-5678", ["phone:+81312345678"]),
        ("0081-3-1234-5678", ["phone:+81312345678"]),
        ("(03) 1234-5678", ["phone:+81312345678"]),
        ("090-1234-5678", ["phone:+819012345678"]),
        ("tel: 03-1234-5678", ["phone:+81312345678"]),
        ("+1 (202) 555-0100", ["phone:+12025550100"]),
        ("+86 10 1234 5678", ["phone:+861012345678"]),
        ("mailto:A.Person@Example.com", ["email:a.person@example.com"]),
        ("Taro Yamada <Taro@Example.JP>", ["email:taro@example.jp"]),
        ("T7000012050002", ["jp-corp:7000012050002"]),  # invoice registration number
        ("Ｔ７０００－０１２０－５０００２; 7000012050002", ["jp-corp:7000012050002"]),
        ("T123", ["id:T123"]),
        ("T7000012050003", ["jp-invoice:T7000012050003"]),  # not a corporate number: a sole trader's
        ("LinkedIn: taro-yamada", ["id:LinkedIn: taro-yamada"]),
        ("id: ABC-1", ["id:ABC-1"]),
        ("12345", ["id:12345"]),  # too short for a phone, no trunk 0 or +
        ("00123", ["id:00123"]),  # leading zeros stay, not a phone
        ("NA", ["id:NA"]),
        ("03-1234-5678; 03 1234 5678; +81312345678", ["phone:+81312345678"]),  # deduped
        ("", []),
        (None, []),
    ],
)
def test_parse_identifiers(raw: str | None, tokens: list[str]) -> None:
    assert parse_identifiers(raw) == tokens


def test_home_country_sets_the_calling_code() -> None:
    assert parse_identifiers("020 7946 0000", home="GB") == ["phone:+442079460000"]


@pytest.mark.parametrize("raw", ["7000012050003", "a@b.jp; 7-0000-1205-0003", "法人番号: 123"])
def test_invalid_corporate_number_inside_identifiers_is_an_error(raw: str) -> None:
    with pytest.raises(BadValue):
        parse_identifiers(raw)


def test_marked_phone_that_is_not_a_phone_is_an_error() -> None:
    with pytest.raises(BadValue):
        parse_identifiers("tel: call the front desk")
