import json

import pytest

from stance.corpus import AnchorError, check_corpus, check_document, resolve_article

from .conftest import ROOT


def test_the_committed_corpus_validates():
    report = check_corpus(ROOT / "corpora")
    assert report.problems == []
    assert report.documents > 0 and report.statements > 0


def test_split_files_match_the_fixed_split():
    splits = json.loads((ROOT / "corpora" / "splits.json").read_text())
    for split in ("train", "dev", "test"):
        for line in (ROOT / "corpora" / f"{split}.jsonl").open(encoding="utf-8"):
            assert splits[json.loads(line)["id"]] == split


ANN = {"id": "t1", "domain": "local", "form": "local", "targets": ["the plan"],
       "statements": [{"anchor": "Critics claimed", "content": "the plan was rushed",
                       "kind": "indirect", "cue": "claimed", "mention": "Critics",
                       "speaker": "Critics", "speaker_type": "group",
                       "hedge_cues": [["claimed", "reporter"], ["may", "speaker"]],
                       "stance": {"the plan": "against"}}]}
TEXT = "Critics claimed the plan was rushed and may fail."


def test_resolver_computes_offsets_and_hedging():
    doc = resolve_article(TEXT, ANN)
    st = doc["statements"][0]
    assert TEXT[st["start"]:st["end"]] == "the plan was rushed"
    assert st["hedging"] == "both"
    problems = []
    check_document(doc, problems)
    assert problems == []


def test_resolver_and_validator_report_problems():
    bad = json.loads(json.dumps(ANN))
    bad["statements"][0]["content"] = "not in the text"
    with pytest.raises(AnchorError, match="not in text"):
        resolve_article(TEXT, bad)
    doc = resolve_article(TEXT, ANN)
    doc["statements"][0]["stance"] = {}
    doc["statements"][0]["end"] += 1
    problems = []
    check_document(doc, problems)
    assert any("stance" in p for p in problems) and any("!=" in p for p in problems)


def test_anchored_strings_match_whole_words_only():
    text = "At the hearing the mayor said he may resign."
    ann = {"id": "t2", "domain": "local", "form": "local", "targets": ["the mayor"],
           "statements": [{"anchor": "At the hearing", "content": "he may resign",
                           "kind": "indirect", "cue": "said", "mention": "he",
                           "speaker": "the mayor", "speaker_type": "person",
                           "hedge_cues": [["may", "speaker"]],
                           "stance": {"the mayor": "neutral"}}]}
    st = resolve_article(text, ann)["statements"][0]
    assert text[st["speaker_start"]:st["speaker_start"] + 3] == "he "  # not inside "the"
    assert st["speaker_start"] == text.index(" he ") + 1
    assert text[st["hedge_cues"][0][0]:st["hedge_cues"][0][1] + 1] == "may "  # not "mayor"
