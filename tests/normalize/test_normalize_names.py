"""The one name resolver (graphkit.normalize.names), on hand-written spellings."""
from __future__ import annotations

from graphkit.normalize.names import close_spellings, matching_ids

SPELLINGS = [
    ("p-yamada", "Person", "Yamada Taro"),
    ("p-yamada", "Person", "山田 太郎"),
    ("p-taro", "Person", "Taro Yamada"),        # word order kept: a different key
    ("c-sony", "Company", "ソニー株式会社"),
    ("c-acme", "Company", "Yamada Taro"),        # same spelling as a person's alias below
    ("p-takahashi", "Person", "高橋 一郎"),
    ("n-nokind", None, "Ｌｉ Ｗｅｉ"),
]


def test_exact_spelling_wins_over_keys():
    # "Yamada Taro" is spelled exactly by p-yamada and c-acme; nothing else is asked.
    assert matching_ids("Yamada Taro", SPELLINGS) == ["c-acme", "p-yamada"]


def test_identity_and_spaceless_keys_match_when_nothing_is_exact():
    assert matching_ids("山田太郎", SPELLINGS) == ["p-yamada"]          # spaces between kanji
    assert matching_ids("ｿﾆｰ(株)", SPELLINGS) == ["c-sony"]            # width, legal form
    # a Person's "Last, First" is turned round (p-taro); a Company's comma is only punctuation
    # (c-acme); p-yamada's "Yamada Taro" keeps its order, so it is not "Taro Yamada"
    assert matching_ids("Yamada, Taro", SPELLINGS) == ["c-acme", "p-taro"]
    assert matching_ids("li wei", SPELLINGS) == ["n-nokind"]            # no kind: compared as a Person
    assert matching_ids("LIWEI", SPELLINGS) == ["n-nokind"]             # spaceless key


def test_kanji_variants_are_suggested_never_matched():
    assert matching_ids("髙橋 一郎", SPELLINGS) == []
    assert close_spellings("髙橋 一郎", [s for _, _, s in SPELLINGS]) == ["高橋 一郎"]
    assert close_spellings("zzz", [s for _, _, s in SPELLINGS]) == []


def test_spellings_are_read_once():
    stream = iter(SPELLINGS)
    assert matching_ids("ソニー", stream) == ["c-sony"]
    assert next(stream, None) is None
