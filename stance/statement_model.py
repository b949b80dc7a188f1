"""The trained statement stage: which rule candidates are statements, and of what kind.

The rules over-generate candidates (every reporting cue with a plausible complement, every
quotation that may continue a speaker). A logistic regression over learned features
decides which are statements: the cue's lemma, lexicon class and complement type, the
frame that found it (``X said``, ``said X``, ``according to X``, continuation …), where
it stands in its sentence and paragraph, quotation marks at and inside its ends, its
length, the shape of the speaker mention, question marks, and whether a quotation
neighbours it. A second logistic regression decides the kind (direct, indirect, mixed)
from the quotation marks' positions. The keep threshold is chosen on corpus dev.

Trained on ``corpora/train.jsonl`` by :func:`fit`; a candidate is positive when it
matches a gold statement by the scorer's lenient rule (token overlap F1 >= 0.5).
"""
from __future__ import annotations

import re

import numpy as np

from .speaker_model import _bucket, _mention_shape

_QUOTE_CHARS = "\"“”‘’'`«»"
_WORD = re.compile(r"[^\W_]+")


def _features(doc, c) -> dict:
    text = doc.text
    content = text[c.start:c.end]
    words = _WORD.findall(content)
    sa, sb = doc.sentences[c.sentence] if c.sentence is not None and \
        0 <= c.sentence < len(doc.sentences) else (c.start, c.end)
    cue = c.cue_info
    f = {
        "pattern=" + (c.pattern or "none"): 1,
        "kind=" + c.kind: 1,
        "cue_lemma=" + (cue.lemma if cue else "none"): 1,
        "cue_class=" + (cue.cls if cue else "none"): 1,
        "complement=" + (cue.complement if cue else "none"): 1,
        "pattern_kind=%s_%s" % (c.pattern, c.kind): 1,
        "len=" + _bucket(len(words), (2, 4, 7, 12, 20, 35, 60)): 1,
        "mention=" + _mention_shape(text[c.mention[0]:c.mention[1]] if c.mention else None): 1,
        "inherit": int(c.inherit is not None),
        "anonymous": int(c.anonymous),
        "nested": int(c.nested),
        "question": int("?" in content),
        "para=" + _bucket(c.paragraph, (0, 1, 2, 5)): 1,
        "sent_first": int(c.sentence == 0),
        "starts_sentence": int(c.start - sa <= 2),
        "ends_sentence": int(sb - c.end <= 3),
        "quote_before": int(c.start > 0 and text[c.start - 1] in _QUOTE_CHARS),
        "quote_after": int(c.end < len(text) and text[c.end:c.end + 1] in _QUOTE_CHARS),
        "quotes_inside": min(3, sum(content.count(q) for q in "“”\"")),
        "upper_start": int(content[:1].isupper()),
        "newline_inside": int("\n" in content),
        "first_word=" + (words[0].lower() if words and words[0].lower() in _FIRST else
                         "other"): 1,
    }
    if c.cue:
        f["cue_before"] = int(c.cue[0] < c.start)
        f["cue_gap=" + _bucket(abs((c.cue[0] if c.cue[0] >= c.end else c.start) -
                                   (c.cue[1] if c.cue[0] < c.start else c.end)),
                               (1, 3, 10, 40))] = 1
        f["cue_cls_pattern=%s_%s" % (cue.cls if cue else "", c.pattern)] = 1
    return f


_FIRST = frozenset("that the a he she they it we i if to there this".split())


def _kind_features(doc, c) -> dict:
    text = doc.text
    content = text[c.start:c.end]
    return {
        "rule=" + c.kind: 1,
        "quote_before": int(c.start > 0 and text[c.start - 1] in _QUOTE_CHARS),
        "quote_after": int(c.end < len(text) and text[c.end:c.end + 1] in _QUOTE_CHARS),
        "quotes_inside": min(4, sum(content.count(q) for q in "“”\"")),
        "pattern=" + (c.pattern or "none"): 1,
        "complement=" + (c.cue_info.complement if c.cue_info else "none"): 1,
    }


class StatementModel:
    """Keeps the rule candidates the classifier accepts and sets their kind."""

    def __init__(self, vec, clf, threshold, kvec, kclf):
        self.vec, self.clf, self.threshold = vec, clf, threshold
        self.kvec, self.kclf = kvec, kclf

    def select(self, doc, cands):
        if not cands:
            return cands
        p = self.clf.predict_proba(self.vec.transform([_features(doc, c) for c in cands]))[:, 1]
        kinds = self.kclf.predict(self.kvec.transform([_kind_features(doc, c) for c in cands]))
        kept = []
        dropped = set()
        for c, pk, kind in zip(cands, p, kinds):
            if pk < self.threshold:
                dropped.add(id(c))
                continue
            c.kind = str(kind)
            c.features["statement_probability"] = float(pk)
            kept.append(c)
        for c in kept:  # a continuation of a dropped candidate takes its source's source
            while c.inherit is not None and id(c.inherit) in dropped:
                c.inherit = c.inherit.inherit
        return kept


def _lenient_match(c, golds, text_tokens=None):
    """The gold statement this candidate matches by token-overlap F1 >= 0.5, or None."""
    best, best_f = None, 0.0
    for g in golds:
        ov = min(c.end, g["end"]) - max(c.start, g["start"])
        if ov <= 0:
            continue
        p = ov / (c.end - c.start)
        r = ov / (g["end"] - g["start"])
        f1 = 2 * p * r / (p + r)
        if f1 > best_f:
            best, best_f = g, f1
    return best if best_f >= 0.5 else None


def _gold_items(d) -> list:
    """Gold statements of a document in the ANNOTATION.md schema or PolNeAR's ``quotes``."""
    return d.get("statements") if d.get("statements") is not None else d.get("quotes") or []


def training_rows(docs):
    from .statements import TextDoc, find_candidates

    X, y, KX, ky = [], [], [], []
    for d in docs:
        doc = TextDoc(d["text"])
        golds = _gold_items(d)
        for c in find_candidates(doc):
            g = _lenient_match(c, golds)
            X.append(_features(doc, c))
            y.append(int(g is not None))
            if g is not None and g.get("kind"):
                KX.append(_kind_features(doc, c))
                ky.append(g["kind"])
    return X, np.array(y), KX, np.array(ky)


def fit(train_docs, dev_docs, seed: int = 0):
    """Fit the keep/drop and kind classifiers; choose C and the threshold on dev."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y, KX, ky = training_rows(train_docs)
    Xd, yd, KXd, kyd = training_rows(dev_docs)
    n_gold_dev = sum(len(_gold_items(d)) for d in dev_docs)
    vec = DictVectorizer(sort=True)
    A, Ad = vec.fit_transform(X), vec.transform(Xd)
    best = None
    for C in (0.1, 0.3, 1.0, 3.0):
        clf = LogisticRegression(C=C, max_iter=3000, random_state=seed).fit(A, y)
        p = clf.predict_proba(Ad)[:, 1]
        for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
            keep = p >= t
            tp = int((keep & (yd == 1)).sum())
            prec = tp / max(1, int(keep.sum()))
            rec = tp / max(1, n_gold_dev)
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, C, t, clf)
    f1, C, t, clf = best
    kvec = DictVectorizer(sort=True)
    kclf = LogisticRegression(C=1.0, max_iter=3000, random_state=seed).fit(
        kvec.fit_transform(KX), ky)
    kacc = float((kclf.predict(kvec.transform(KXd)) == kyd).mean()) if len(kyd) else None
    params = {"classifier": "LogisticRegression", "C": C, "threshold": t,
              "features": len(vec.vocabulary_), "train_candidates": int(len(y)),
              "train_positive": int(y.sum()), "dev_lenient_f1": round(f1, 4),
              "kind_classifier": "LogisticRegression", "kind_C": 1.0,
              "dev_kind_accuracy": None if kacc is None else round(kacc, 4)}
    return StatementModel(vec, clf, t, kvec, kclf), params
