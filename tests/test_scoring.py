import importlib.util
import json

import pytest

import stance
from stance.scoring import score

from .conftest import SHARED


def _doc(text, stmts):
    return {"id": "d", "text": text, "targets": ["X"], "statements": stmts}


def test_match_and_attribution():
    text = "Ana Ruiz said the bridge will open. Bo Li said prices rose."
    gold = _doc(text, [
        {"start": 14, "end": 34, "speaker": "Ana Ruiz", "speaker_mention": "Ana Ruiz",
         "speaker_start": 0, "speaker_end": 8, "speaker_type": "person", "kind": "indirect"},
        {"start": 44, "end": 55, "speaker": "Bo Li", "speaker_mention": "Bo Li",
         "speaker_start": 36, "speaker_end": 41, "speaker_type": "person",
         "kind": "indirect"}])
    pred = _doc(text, [{"start": 14, "end": 30, "speaker": "Ruiz", "kind": "indirect"},
                       {"start": 44, "end": 55, "speaker": "Wrong Name", "kind": "direct"}])
    res = score([gold], [pred])
    assert res["lenient"]["tp"] == 2
    assert res["exact"]["tp"] == 1
    assert res["attributed"]["tp"] == 1  # surname matches a person; the other is wrong
    assert res["kind_acc"]["acc"] == 0.5


def _reference():
    path = SHARED / "tools" / "score_statements.py"
    if not path.exists():
        pytest.skip("reference scorer not present")
    spec = importlib.util.spec_from_file_location("ref_scorer", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_agrees_with_reference_scorer_on_seed(seed_text, seed_gold):
    ref = _reference()
    pred = stance.analyze(seed_text, targets=seed_gold["targets"], id=seed_gold["id"]).to_dict()
    for subset in (None, "speech"):
        ours = score([seed_gold], [pred], subset)
        theirs = ref.score([seed_gold], [pred], subset)
        assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def test_agrees_with_reference_scorer_on_polnear_dev():
    ref = _reference()
    path = SHARED / "data" / "polnear" / "dev.jsonl"
    if not path.exists():
        pytest.skip("PolNeAR dev not present")
    gold = [json.loads(line) for line in path.open(encoding="utf-8")][:20]
    pred = [stance.analyze(g["text"], id=g["id"]).to_dict() for g in gold]
    assert score(gold, pred, "speech") == ref.score(gold, pred, "speech")
