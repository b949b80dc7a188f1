"""Invariants over generated article-like text and arbitrary Unicode (hypothesis).

The strategies live in ``tests/strategies.py``; ``benchmarks/fuzz.py`` runs the same checks
for millions of examples outside CI.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import stance
from stance.document import (Article, HEDGE_SOURCES, HEDGING_LABELS, KINDS, SPEAKER_TYPES,
                             STANCE_LABELS)
from stance.errors import InputError, StanceError, TargetError
from stance.pipeline import Analyzer

from .strategies import any_text, article, hostile_text, non_strings, targets

EXAMPLES = 500
PROPS = settings(max_examples=EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def check_article(text: str, tgts: tuple, art: Article) -> None:
    """Everything that must hold of any result: offsets, nesting, labels."""
    assert art.text is text
    assert art.targets == tgts
    n = len(text)
    keys = []
    for s in art:
        assert 0 <= s.start < s.end <= n
        assert text[s.start:s.end] == s.text and s.text.strip()
        assert s.kind in KINDS and s.speaker.type in SPEAKER_TYPES
        for span in (s.cue, s.speaker.mention):
            if span is not None:
                assert 0 <= span.start < span.end <= n
                assert text[span.start:span.end] == span.text
        sources = set()
        for h in s.hedge_cues:
            assert 0 <= h.start < h.end <= n and h.source in HEDGE_SOURCES
            assert text[h.start:h.end] == h.text
            sources.add(h.source)
        assert s.hedging in HEDGING_LABELS
        assert s.hedging == ("both" if len(sources) == 2 else
                             next(iter(sources)) if sources else "none")
        assert tuple(x.target for x in s.stance) == tgts
        assert all(x.label in STANCE_LABELS for x in s.stance)
        keys.append((s.start, s.end))
    # text order, no duplicates
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # contents never cross: two contents are disjoint, or one holds the other and the
    # inner one is marked nested
    open_ends: list[int] = []
    for s in sorted(art, key=lambda s: (s.start, -s.end)):
        while open_ends and open_ends[-1] <= s.start:
            open_ends.pop()
        if open_ends:
            assert s.end <= open_ends[-1], f"{s.text!r} crosses an earlier content"
            assert s.nested, f"{s.text!r} lies inside another content but is not nested"
        open_ends.append(s.end)


def check_round_trip(art: Article) -> None:
    d = art.to_dict()
    back = Article.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert back.to_dict() == d
    assert back.text == art.text and len(back) == len(art)
    for a, b in zip(art, back):
        assert (a.content, a.cue, a.speaker, a.kind, a.hedging, a.nested) == \
            (b.content, b.cue, b.speaker, b.kind, b.hedging, b.nested)
        assert tuple((h.start, h.end, h.source, h.text) for h in a.hedge_cues) == \
            tuple((h.start, h.end, h.source, h.text) for h in b.hedge_cues)
        assert [(x.target, x.label) for x in a.stance] == [(x.target, x.label)
                                                           for x in b.stance]


@PROPS
@given(text=any_text(), tgts=targets())
def test_offsets_nesting_labels_and_round_trip(analyzer, text, tgts):
    art = analyzer.analyze(text, targets=tgts)
    norm = () if tgts is None else (tgts,) if isinstance(tgts, str) else tuple(tgts)
    check_article(text, norm, art)
    check_round_trip(art)


@PROPS
@given(text=article())
def test_results_are_deterministic(analyzer, text):
    first = analyzer.analyze(text, targets=["the plan"]).to_dict()
    assert analyzer.analyze(text, targets=["the plan"]).to_dict() == first
    assert Analyzer().analyze(text, targets=["the plan"]).to_dict() == first


@PROPS
@given(texts=st.lists(any_text(), max_size=6), tgts=targets())
def test_pipe_equals_analyze(analyzer, texts, tgts):
    piped = [a.to_dict() for a in analyzer.pipe(texts, targets=tgts)]
    assert piped == [analyzer.analyze(t, targets=tgts).to_dict() for t in texts]
    pairs = [(t, ["the army"]) for t in texts]
    assert [a.to_dict() for a in analyzer.pipe(pairs)] == \
        [analyzer.analyze(t, targets=["the army"]).to_dict() for t in texts]


@PROPS
@given(text=hostile_text(400))
def test_any_text_returns_a_result(analyzer, text):
    """A str within the size limit always yields a result, never an exception."""
    art = analyzer.analyze(text)
    check_article(text, (), art)


@PROPS
@given(value=non_strings())
def test_non_text_raises_input_error_naming_the_type(analyzer, value):
    with pytest.raises(InputError) as err:
        analyzer.analyze(value)
    msg = str(err.value)
    name = type(value).__name__
    assert {"NoneType": "None", "bytearray": "bytes"}.get(name, name) in msg
    with pytest.raises(InputError):
        list(analyzer.pipe([(value, None)]))  # a bare tuple is a (text, targets) pair


@PROPS
@given(text=article(max_parts=3),
       tgts=st.one_of(st.lists(st.one_of(st.text(max_size=8), st.integers(), st.none()),
                               max_size=3), st.integers(), st.text(max_size=5)))
def test_bad_targets_raise_target_error_or_are_accepted(analyzer, text, tgts):
    try:
        art = analyzer.analyze(text, targets=tgts)
    except TargetError as exc:
        assert "target" in str(exc)
        return
    except StanceError as exc:  # pragma: no cover - a different typed error is a bug here
        raise AssertionError(f"targets {tgts!r} raised {type(exc).__name__}") from exc
    norm = (tgts,) if isinstance(tgts, str) else tuple(tgts)
    assert all(isinstance(t, str) and t.strip() for t in norm)
    check_article(text, norm, art)
