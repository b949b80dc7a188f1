"""The hedging stage: sense filters, flag linking, label/cue consistency, and fit()."""
import io
import json

import joblib
import pytest

from stance import hedging, modelio
from stance.errors import SchemaError
from stance.statements import TextDoc

from .conftest import ROOT


def _doc(text, statements):
    """A gold document written from anchored strings (never typed offsets).

    ``statements``: [(content, cue or None, [(hedge string, source), ...])]."""
    out = []
    for content, cue, hedges in statements:
        a = text.index(content)
        st = {"start": a, "end": a + len(content), "text": content, "kind": "indirect",
              "cue_start": None, "cue_end": None, "speaker": None,
              "speaker_start": None, "speaker_end": None, "hedge_cues": []}
        if cue:
            c = text.index(cue)
            st["cue_start"], st["cue_end"] = c, c + len(cue)
        for h, src in hedges:
            h0 = text.index(h)
            st["hedge_cues"].append([h0, h0 + len(h), src])
        srcs = {s for _, s in hedges}
        st["hedging"] = "both" if len(srcs) == 2 else srcs.pop() if srcs else "none"
        out.append(st)
    return {"id": "t", "text": text, "statements": out}


def _run(model, gold):
    doc = TextDoc(gold["text"])
    stmts, cands, lemmas = hedging.gold_candidates(doc, gold)
    return model.annotate(gold["text"], doc, cands, lemmas)


@pytest.fixture(scope="module")
def shipped():
    return modelio.load_stage("hedging")


@pytest.mark.parametrize("text,content,cue", [
    ("A spokesman for the militia said the group claimed responsibility for the blast.",
     "the group claimed responsibility for the blast", "said"),
    ("The governor said the flood claimed the lives of four people in the valley.",
     "the flood claimed the lives of four people in the valley", "said"),
    ("The mayor said the new bridge will open on May 5 after months of delay.",
     "the new bridge will open on May 5 after months of delay", "said"),
    ("\u201cAs you may know, the plant closes next week,\u201d the manager told workers.",
     "As you may know, the plant closes next week", "told"),
])
def test_other_senses_are_not_hedges(shipped, text, content, cue):
    label, cues, prob = _run(shipped, _doc(text, [(content, cue, [])]))[0]
    assert (label, cues) == ("none", [])
    assert 0.0 <= prob <= 1.0


def test_hedges_are_found(shipped):
    text = ("The minister claimed that the army had retaken the town. "
            "\u201cThe deal may collapse,\u201d the banker said.")
    gold = _doc(text, [("the army had retaken the town", "claimed", []),
                       ("The deal may collapse", "said", [])])
    (l1, c1, _), (l2, c2, _) = _run(shipped, gold)
    assert l1 == "reporter" and [text[a:b] for a, b, _ in c1] == ["claimed"]
    assert l2 == "speaker" and [text[a:b] for a, b, _ in c2] == ["may"]


def test_flag_in_next_sentence_is_linked(shipped):
    text = ("The ministry said its forces had destroyed twelve rebel positions near the "
            "border. The claim could not be independently verified.")
    gold = _doc(text, [("its forces had destroyed twelve rebel positions near the border",
                        "said", [])])
    label, cues, prob = _run(shipped, gold)[0]
    assert label == "reporter"
    flag = text.index("could not be independently verified")
    assert any(a < flag + 10 and flag < b and src == "reporter" for a, b, src in cues)
    assert prob > 0.5


def test_labels_follow_cue_sources_and_probabilities_are_bounded(shipped):
    lines = (ROOT / "corpora/dev.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    n = 0
    for line in lines:
        gold = json.loads(line)
        for label, cues, prob in _run(shipped, gold):
            srcs = {s for _, _, s in cues}
            expected = "both" if len(srcs) == 2 else srcs.pop() if srcs else "none"
            assert label == expected
            assert 0.0 <= prob <= 1.0
            n += 1
    assert n > 0


SYNTHETIC = [
    ("The harbour master said the ferry may resume service next week. "
     "The port authority said repairs had finished on May 2.",
     [("the ferry may resume service next week", "said", [("may", "speaker")]),
      ("repairs had finished on May 2", "said", [])]),
    ("The union claimed that the plant had cut wages. The claim could not be "
     "independently verified. The firm said it paid fair wages.",
     [("the plant had cut wages", "claimed",
       [("claimed", "reporter"), ("could not be independently verified", "reporter")]),
      ("it paid fair wages", "said", [])]),
    ("A rebel group claimed responsibility for the raid, the police said. "
     "Officers said the suspects might have fled abroad.",
     [("A rebel group claimed responsibility for the raid", "said", []),
      ("the suspects might have fled abroad", "said", [("might", "speaker")])]),
]


def test_fit_on_synthetic_sentences():
    docs = [_doc(t, s) for t, s in SYNTHETIC]
    model, params = hedging.fit(docs, docs[:1], seed=0)
    json.dumps(params)
    out = _run(model, docs[0])
    assert [lab for lab, _, _ in out] == ["speaker", "none"]
    buf1, buf2 = io.BytesIO(), io.BytesIO()
    joblib.dump(model, buf1)
    joblib.dump(hedging.fit(docs, docs[:1], seed=0)[0], buf2)
    assert buf1.getvalue() == buf2.getvalue()
    with pytest.raises(SchemaError):
        hedging.fit([], docs)
