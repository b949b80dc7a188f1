"""Stance toward targets: per statement, per article, and proposed targets.

- :class:`StatementStanceModel` (trained by :func:`fit` from ``corpora/``, shipped in
  ``models/stance``) labels every statement ``favor`` / ``against`` / ``neutral`` /
  ``unrelated`` toward each target the caller gives, with probabilities. The features and
  the two-stage classifier are in :mod:`stance.stance_features`; the same family, trained on
  FNC-1 for the run only, is measured by ``benchmarks/stance.py``.
- :func:`article_stance` aggregates an analysed article's statements and the reporter's own
  sentences into FNC-1's ``agree`` / ``disagree`` / ``discuss`` / ``unrelated`` toward a claim.
- :func:`propose_targets` names an article's most salient actors, for ``stance analyze``
  run without ``--targets``.
- Without a trained model, :func:`stance_labels` is the rule fallback: a statement that
  mentions a target (by its content words, or by the speaker being the target) is
  ``neutral`` toward it, otherwise ``unrelated``.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

from .errors import TargetError
from .stance_features import LABELS, Pair, TwoStageStance

_STOP = frozenset("the a an of to in on for and or is are was be will by with at from "
                  "that this have has had".split())


def check_targets(targets) -> tuple[str, ...]:
    """Validate the caller's targets: an iterable of non-empty strings."""
    if targets is None:
        return ()
    if isinstance(targets, str):
        targets = [targets]
    try:
        out = tuple(targets)
    except TypeError:
        raise TargetError(f"targets must be a list of strings, not {type(targets).__name__}")
    for t in out:
        if not isinstance(t, str) or not t.strip():
            raise TargetError(f"every target must be a non-empty string, got {t!r}")
    return out


def _content_words(s: str) -> set[str]:
    return {w for w in re.findall(r"\w+", s.lower()) if w not in _STOP and len(w) > 2}


def stance_labels(statement_text: str, speaker: str | None, targets) -> list[tuple[str, str]]:
    out = []
    words = _content_words(statement_text) | _content_words(speaker or "")
    for t in targets:
        tw = _content_words(t)
        out.append((t, "neutral" if tw and tw & words else "unrelated"))
    return out


# -- the trained statement-level model -----------------------------------------------------

FNC_LABELS = {"favor": "agree", "against": "disagree", "neutral": "discuss",
              "unrelated": "unrelated"}
_BOUNDARY = re.compile(r"[.!?][\"”’']?\s|\n")
CONTEXT_CHARS = 300


def statement_context(text: str, start: int, end: int) -> str:
    """The sentence(s) around ``text[start:end]``: from the last sentence boundary before
    the content to the first after it, at most CONTEXT_CHARS either side. It holds the cue
    and the speaker mention, so the target's mentions there count."""
    lo = max(0, start - CONTEXT_CHARS)
    before = [m.end() for m in _BOUNDARY.finditer(text, lo, start)]
    a = before[-1] if before else lo
    m = _BOUNDARY.search(text, end, min(len(text), end + CONTEXT_CHARS))
    b = m.start() + 1 if m else min(len(text), end + CONTEXT_CHARS)
    return text[a:b]


SIDE_CHARS = 80


def speaker_side(text: str, start: int, end: int, ctx: str, speaker: str | None) -> str:
    """Text that says who the speaker is: the statement's sentence without its content,
    and the words around each mention of the speaker's name (or its last word) in the
    article (``Arlen's interior minister, Gregor Penn``)."""
    parts = [ctx.replace(text[start:end], " ")]
    if speaker:
        words = re.findall(r"\w+", speaker)
        key = words[-1] if words and len(words[-1]) > 2 else None
        if key and key.lower() not in _STOP:
            for m in re.finditer(r"\b" + re.escape(key) + r"\b", text):
                if start <= m.start() < end:
                    continue
                parts.append(text[max(0, m.start() - SIDE_CHARS):m.end() + SIDE_CHARS // 2])
                if len(parts) > 6:
                    break
    return " … ".join(parts)


def _pairs(text, items, targets):
    out = []
    for start, end, speaker in items:
        ctx = statement_context(text, start, end)
        side = speaker_side(text, start, end, ctx, speaker)
        for t in targets:
            out.append(Pair(t, text[start:end], ctx, speaker, side))
    return out


class StatementStanceModel:
    """Stance of each statement toward each target; ``clf`` is a fitted TwoStageStance."""

    def __init__(self, clf: TwoStageStance):
        self.clf = clf

    def predict_proba(self, text: str, items, targets) -> np.ndarray:
        """Array (statements, targets, 4) of probabilities, last axis in LABELS order."""
        targets = check_targets(targets)
        probs = self.clf.predict_proba(_pairs(text, items, targets))
        return probs.reshape(len(items), len(targets), len(LABELS))

    def predict(self, text: str, items, targets) -> list[list[tuple[str, dict]]]:
        """``items``: (content_start, content_end, canonical speaker or None) per statement.
        Returns, per item and per target in the given order, ``(label, {label: prob})``
        (one vectorised classifier call for the whole document)."""
        probs = self.predict_proba(text, items, targets)
        return [[(LABELS[int(row.argmax())],
                  {lab: round(float(p), 4) for lab, p in zip(LABELS, row)})
                 for row in per_item] for per_item in probs]


def _doc_pairs(docs):
    pairs, labels, groups = [], [], []
    for d in docs:
        items = [(s["start"], s["end"], s.get("speaker")) for s in d["statements"]]
        tgts = list(d.get("targets") or [])
        pairs += _pairs(d["text"], items, tgts)
        labels += [s["stance"][t] for s in d["statements"] for t in tgts]
        groups += [d.get("id")] * (len(items) * len(tgts))
    return pairs, labels, groups


def _macro_f1(gold, pred, labels=("favor", "against", "neutral")) -> float:
    f = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab == p)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab == p)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab != p)
        if tp + fp + fn:
            f.append(2 * tp / (2 * tp + fp + fn))
    return sum(f) / len(f) if f else 0.0


GRID = ({"class_weight": "balanced", "C": 1.0, "max_iter": 100, "max_leaf_nodes": 15},
        {"class_weight": None, "C": 1.0, "max_iter": 100, "max_leaf_nodes": 15})


def fit(train_docs, dev_docs, seed: int = 0):
    """Fit the statement stance model on gold statements of ``train_docs``; choose the
    parameters in GRID by stance macro-F1 (favor/against/neutral, ANNOTATION.md) on
    ``dev_docs``. Returns ``(StatementStanceModel, parameters)``."""
    pairs, y, groups = _doc_pairs(train_docs)
    dpairs, dy, _ = _doc_pairs(dev_docs)
    best = None
    for params in GRID:
        clf = TwoStageStance(random_state=seed, **params).fit(pairs, y, groups)
        score = _macro_f1(dy, clf.predict(dpairs))
        if best is None or score > best[0]:
            best = (score, params, clf)
    score, params, clf = best
    return StatementStanceModel(clf), {
        **{k: v for k, v in clf.get_params().items() if k != "random_state"},
        "dev_stance_macro_f1_gold_spans": round(score, 4), "train_pairs": len(pairs),
        "grid": list(GRID)}


# -- article-level stance --------------------------------------------------------------------

def _default_model():
    from . import modelio
    return modelio.load_stage("stance") if modelio.has_stage("stance") else None


def reporter_sentences(text: str, statements) -> list[tuple[int, int]]:
    """Spans of the sentences that hold no statement content: the reporter's own words."""
    spans, a = [], 0
    for m in _BOUNDARY.finditer(text):
        spans.append((a, m.start() + 1))
        a = m.end()
    if a < len(text):
        spans.append((a, len(text)))
    taken = [(s.start, s.end) for s in statements]
    return [(a, b) for a, b in spans if text[a:b].strip()
            and not any(a < e and s < b for s, e in taken)]


def article_stance(article, claim: str, model=None) -> tuple[str, dict]:
    """FNC-1 stance of an analysed :class:`~stance.document.Article` toward ``claim``.

    Every statement (with its speaker) and every sentence of the reporter's own gets
    statement-level probabilities from ``model`` (default: the shipped stance model; the
    rule fallback without one). Aggregation: relatedness is the mean of the three highest
    per-unit P(related) (an article is related when a few of its units are, however long
    it is); given related, favor/against/neutral are the P(related)-weighted means over all
    units. Labels map to FNC-1 (favor -> agree, against -> disagree, neutral -> discuss).
    Returns ``(label, {agree, disagree, discuss, unrelated: probability})``.
    """
    (claim,) = check_targets([claim])
    text = article.text
    items = [(s.start, s.end, s.speaker.name) for s in article.statements]
    items += [(a, b, None) for a, b in reporter_sentences(text, article.statements)]
    if model is None:
        model = _default_model()
    if not items:
        probs = np.array([[0.0, 0.0, 0.0, 1.0]])
    elif model is not None:
        probs = model.predict_proba(text, items, [claim])[:, 0, :]
    else:
        labs = [stance_labels(text[a:b], spk, [claim])[0][1] for a, b, spk in items]
        probs = np.array([[0.0, 0.0, 1.0, 0.0] if lab == "neutral" else [0, 0, 0, 1.0]
                          for lab in labs])
    rel = 1.0 - probs[:, 3]
    p_rel = float(np.sort(rel)[-3:].mean())
    side = (probs[:, :3].sum(axis=0) / rel.sum()) if rel.sum() > 0 else np.full(3, 1 / 3)
    out = {FNC_LABELS[lab]: float(p_rel * p) for lab, p in zip(LABELS[:3], side)}
    out["unrelated"] = 1.0 - p_rel
    return max(out, key=out.get), {k: round(v, 4) for k, v in out.items()}


# -- proposed targets --------------------------------------------------------------------------

_ACTOR = re.compile(r"\b(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+(?:\s+(?:%s))?")


def propose_targets(article_or_text, k: int = 3) -> list[str]:
    """The article's ``k`` most salient actors, as stance targets.

    Candidates are the canonical speakers (anonymous ones left out) and capitalised names
    followed by an organisation or group noun (``Syrian government``, ``Dornian army``).
    Score: statements the actor speaks (x2) plus mentions of the name in the text; a
    candidate whose words are all inside a higher-ranked one is dropped.
    ``article_or_text`` is an analysed Article or a text (analysed here)."""
    from .lexicons import load_set

    if isinstance(article_or_text, str):
        from .pipeline import analyze
        article = analyze(article_or_text)
    else:
        article = article_or_text
    text = article.text
    heads = sorted(load_set("org_words") | load_set("group_nouns"))
    pattern = re.compile(_ACTOR.pattern % "|".join(map(re.escape, heads)))
    score: Counter = Counter()
    pronouns = load_set("pronouns")
    speakers = {st.speaker.name for st in article.statements
                if st.speaker.name and st.speaker.type != "anonymous"
                and st.speaker.name.lower() not in pronouns | _STOP}
    for st in article.statements:
        if st.speaker.name in speakers:
            score[st.speaker.name] += 2
    heads_set = set(heads)
    for m in pattern.finditer(text):
        words = m.group(0).strip(" .").split()
        while words and words[0].lower() in _STOP:  # a sentence-initial function word
            words = words[1:]
        name = " ".join(words)
        # a bare capitalised name (a place, a month) counts only when it also speaks;
        # a name with an organisation or group head (Syrian government) always counts
        if len(words) > 1 and words[-1].lower() in heads_set:
            score[name] += 1
        elif name in speakers:
            score[name] += 1
    ranked = sorted(score, key=lambda n: (-score[n], n))
    out: list[str] = []
    for name in ranked:
        words = set(name.lower().split())
        if any(words <= set(o.lower().split()) for o in out):
            continue
        out.append(name)
        if len(out) == k:
            break
    return out
