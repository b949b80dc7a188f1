import pytest

import stance
from stance.document import Article
from stance.errors import SchemaError


def test_round_trip_is_lossless(seed_text, seed_gold):
    art = Article.from_dict(seed_gold)
    assert art.to_dict()["statements"] == seed_gold["statements"]
    pred = stance.analyze(seed_text, targets=["Syrian government"], id="x").to_dict()
    assert Article.from_dict(pred).to_dict() == pred


def test_from_dict_rejects_bad_offsets():
    with pytest.raises(SchemaError, match="bad span"):
        Article.from_dict({"text": "abc", "statements": [{"start": 2, "end": 9}]})
    with pytest.raises(SchemaError, match="kind"):
        Article.from_dict({"text": "abc", "statements": [{"start": 0, "end": 1,
                                                          "kind": "quoted"}]})
    with pytest.raises(SchemaError):
        Article.from_dict(["not", "a", "dict"])
