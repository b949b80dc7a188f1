"""Invariants over generated article-like text and arbitrary Unicode (hypothesis)."""
from hypothesis import given, settings, strategies as st

import stance
from stance.errors import StanceError

NAMES = ["Ana Ruiz", "the minister", "He", "Officials", "Tomas Berg", "the council"]
CUES = ["said", "told reporters", "claimed", "warned", "added", "insisted"]
QUOTES = [("“", "”"), ('"', '"'), ("‘", "’"), ("``", "''"), ("", "")]
CLAUSES = ["the plan may fail", "prices rose", "we will win", "the dam could break",
           "the vote is on May 5", "nobody knows", "rebels claimed the lives of 4"]


@st.composite
def article_like(draw):
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        name, cue = draw(st.sampled_from(NAMES)), draw(st.sampled_from(CUES))
        o, c = draw(st.sampled_from(QUOTES))
        clause = draw(st.sampled_from(CLAUSES))
        form = draw(st.integers(0, 3))
        if form == 0:
            parts.append(f"{name} {cue} {o}{clause}{c}.")
        elif form == 1:
            parts.append(f"{o}{clause},{c} {name} {cue}.")
        elif form == 2:
            parts.append(f"{clause.capitalize()}, according to {name}.")
        else:
            parts.append(draw(st.text(max_size=30)))
        parts.append(draw(st.sampled_from([" ", "\n\n", "\n", " \u00a0"])))
    return "".join(parts)


def check_offsets(text, art):
    for s in art:
        d = s.to_dict()
        assert 0 <= d["start"] < d["end"] <= len(text)
        assert text[d["start"]:d["end"]] == d["text"]
        for a, b, key in (("cue_start", "cue_end", "cue"),
                          ("speaker_start", "speaker_end", "speaker_mention")):
            if d[key] is not None:
                assert text[d[a]:d[b]] == d[key]
        for a, b, _ in d["hedge_cues"]:
            assert 0 <= a < b <= len(text)


@settings(max_examples=300, deadline=None)
@given(article_like())
def test_offsets_slice_and_results_are_deterministic(text):
    art = stance.analyze(text, targets=["the plan"])
    check_offsets(text, art)
    assert art.to_dict() == stance.analyze(text, targets=["the plan"]).to_dict()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_returns_or_raises_a_typed_error(text):
    try:
        art = stance.analyze(text)
    except StanceError:
        return
    check_offsets(text, art)
