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


def test_the_committed_corpus_meets_every_issue_3_quota():
    from stance.corpus import corpus_stats

    stats = corpus_stats(ROOT / "corpora")
    short = [f"{q['item']}: {q['count']} (quota {q['quota']})"
             for q in stats["quotas"] if q["status"] != "OK"]
    assert short == []
    assert len(stats["quotas"]) >= 55 and all(q["how"] for q in stats["quotas"])


def test_constructions_are_counted_from_the_data():
    from stance.corpus import document_constructions, quota_report

    text = ("“We will rebuild,” said Mayor Ana Ruiz. “Every house.” "
            "The bridge was unsafe, engineers said. Ruiz told reporters that it would "
            "reopen in May 2027, and she accused the contractor of cutting corners. "
            "According to the county, the storm claimed the lives of two people. "
            "Lena Ortiz said the vote was rushed, while Ruiz said it was fair.")
    ann = {"id": "t3", "domain": "local", "form": "local", "targets": ["the bridge"],
           "statements": [
               {"anchor": "“We will", "content": "We will rebuild", "kind": "direct",
                "cue": "said", "mention": "Mayor Ana Ruiz", "speaker": "Ana Ruiz"},
               {"anchor": "“Every", "content": "Every house.", "kind": "direct",
                "cue": None, "mention": None, "speaker": "Ana Ruiz"},
               {"anchor": "The bridge", "content": "The bridge was unsafe",
                "kind": "indirect", "cue": "said", "mention": "engineers",
                "speaker": "engineers", "speaker_type": "group"},
               {"anchor": "Ruiz told", "content": "it would reopen in May 2027",
                "kind": "indirect", "cue": "told", "mention": "Ruiz", "speaker": "Ana Ruiz"},
               {"anchor": "and she accused", "content": "the contractor of cutting corners",
                "kind": "indirect", "cue": "accused", "mention": "she",
                "speaker": "Ana Ruiz"},
               {"anchor": "According to the county", "kind": "indirect",
                "content": "the storm claimed the lives of two people",
                "cue": "According to", "mention": "the county", "speaker": "county",
                "speaker_type": "organization"},
               {"anchor": "Lena Ortiz", "content": "the vote was rushed", "kind": "indirect",
                "cue": "said", "mention": "Lena Ortiz", "speaker": "Lena Ortiz"},
               {"anchor": "while Ruiz", "content": "it was fair", "kind": "indirect",
                "cue": "said", "mention": "Ruiz", "speaker": "Ana Ruiz"}]}
    for st in ann["statements"]:
        st.setdefault("speaker_type", "person")
        st.update(hedge_cues=[], stance={"the bridge": "neutral"})
    doc = resolve_article(text, ann)
    c = document_constructions(doc)
    assert c["quote before cue"] == 1 and c["inverted said X"] == 1
    assert c["continuation"] == 1 and c["postposed , X said."] == 1
    assert c["cue told"] == 1 and c["cue accused ... of"] == 1
    assert c["according to (front)"] == 1 and c["according to (end)"] == 0
    assert c["pronoun speaker"] == 1 and c["surname reference"] == 2
    assert c["bare said"] == 2 and c["said that"] == 0
    assert c["two speakers in one sentence"] == 1   # Ortiz and Ruiz; "Mayor Ana" is no stop
    assert c["may_month"] == 1 and c["claimed_lives"] == 1
    rows = {q["item"]: q for q in quota_report([doc])}
    assert rows["cue told"]["status"] == "SHORT" and rows["% neutral"]["status"] == "OK"
