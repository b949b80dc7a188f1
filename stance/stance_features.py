"""Target-conditioned stance: pair features and a two-stage classifier.

A *pair* is a target (an entity such as ``Syrian government`` or a claim such as
``Rebels have entered Hama``) and a text that may take a side on it: a statement's content
(with its sentence as context and its speaker), an article body (with its lead), or a
headline. Labels are ``favor``, ``against``, ``neutral`` and ``unrelated`` (FNC-1's
``agree``, ``disagree``, ``discuss``, ``unrelated``; Emergent's ``for``, ``against``,
``observing``).

Features are chosen to carry over to targets never seen in training (after the FNC-1
baseline of Hanselowski et al. 2017/Riedel et al. 2017 and Ferreira & Vlachos 2016):
TF-IDF cosine and stem overlap between target and text, where the target is first
mentioned, refutation / negation / evidential / assertion / opposition word counts in the
text, in its context and in windows around the target's mentions, the same cues inside the
target, and how the speaker's name relates to the target. A sparse bag of the text's words,
the target's words and the words around target mentions feeds a logistic regression whose
out-of-fold probabilities join the dense features.

The classifier (:class:`TwoStageStance`) first decides related vs ``unrelated``, then
``favor`` / ``against`` / ``neutral`` among related pairs, each stage a
``HistGradientBoostingClassifier``; the label probabilities are
``P(unrelated) = 1 - p_rel`` and ``P(x) = p_rel * P(x | related)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from .lexicons import load_set

LABELS = ("favor", "against", "neutral", "unrelated")
RELATED = LABELS[:3]
CUE_CLASSES = ("refute", "negation", "discuss", "assert", "oppose")
WINDOW = 6          # tokens either side of a target mention
STEM_CHARS = 5      # prefix stems: Syria/Syrian, Bessar/Bessari, deny/denies


@dataclass(frozen=True)
class Pair:
    """One target and one text. ``context`` widens the text (a statement's sentence, a
    body's lead); ``speaker`` is the canonical speaker, or None (reporter, headline)."""
    target: str
    text: str
    context: str = ""
    speaker: str | None = None
    side: str = ""


_QUOTES = re.compile("[\"“”‘]|(?:^|\\s)'")
_TOKEN = re.compile(r"n't|[a-z0-9]+|\?")


def tokens(s: str) -> list[str]:
    """Lowercased word tokens; ``n't`` is split off (``don't`` -> ``do n't``), ``?`` kept."""
    return _TOKEN.findall(s.lower().replace("n't", " n't").replace("’", "'"))


def _stem(tok: str) -> str:
    return tok[:STEM_CHARS]


def _stems(s: str) -> list[str]:
    return [_stem(t) for t in tokens(s)]


def _cue_sets():
    return {c: load_set("stance_" + c) for c in CUE_CLASSES}


class _Text:
    """What the featurizer needs from one text, computed once however many targets."""
    __slots__ = ("toks", "stems", "positions", "cue_cum", "n")

    def __init__(self, s: str, stop, cues):
        toks = tokens(s)
        self.toks = toks
        self.n = len(toks)
        self.stems = [None if t in stop or t == "?" else _stem(t) for t in toks]
        pos: dict[str, list[int]] = {}
        for i, st in enumerate(self.stems):
            if st is not None:
                pos.setdefault(st, []).append(i)
        self.positions = pos
        # cumulative cue counts per class, for window sums in O(1)
        hits = np.zeros((len(toks) + 1, len(CUE_CLASSES)), dtype=np.int32)
        for i, t in enumerate(toks):
            for j, c in enumerate(CUE_CLASSES):
                if t in cues[c]:
                    hits[i + 1, j] = 1
        self.cue_cum = np.cumsum(hits, axis=0)

    def cue_counts(self, a: int = 0, b: int | None = None) -> np.ndarray:
        b = self.n if b is None else b
        return self.cue_cum[b] - self.cue_cum[a]


DENSE_NAMES = (
    ["cos_text", "cos_context", "frac_text", "frac_context", "n_overlap", "jaccard",
     "bigram_frac", "first_mention", "n_mentions", "log_len", "question_text",
     "target_len", "target_question", "speaker_frac", "speaker_given", "speaker_in_text",
     "neg_target_xor_window", "colon", "quote_marks", "exclamation", "side_frac",
     "side_count", "side_given"]
    + [f"text_{c}" for c in CUE_CLASSES] + [f"context_{c}" for c in CUE_CLASSES]
    + [f"window_{c}" for c in CUE_CLASSES] + [f"target_{c}" for c in CUE_CLASSES]
    + [f"rate_{c}" for c in CUE_CLASSES]
)


class PairFeaturizer(BaseEstimator, TransformerMixin):
    """Pairs -> (sparse bag of words, dense features). See the module docstring.

    Parameters
    ----------
    max_features : int
        Vocabulary size of each sparse bag (text, target, mention windows).
    ngram_max : int
        Longest word n-gram in the text bag.
    """

    def __init__(self, max_features: int = 20000, ngram_max: int = 2):
        self.max_features = max_features
        self.ngram_max = ngram_max

    def _vec(self, ngram_max, docs, tokenizer=tokens):
        """A TF-IDF bag fitted on ``docs`` (words seen once are dropped from large sets;
        a sentinel keeps the vocabulary from being empty)."""
        return TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, lowercase=False,
                               ngram_range=(1, ngram_max), max_features=self.max_features,
                               sublinear_tf=True, min_df=2 if len(docs) >= 100 else 1,
                               dtype=np.float32).fit(list(docs) + ["xxsentinel xxsentinel"] * 2)

    def fit(self, pairs, y=None):
        texts = sorted({p.text for p in pairs})
        tgts = sorted({p.target for p in pairs})
        self.cos_vec_ = TfidfVectorizer(tokenizer=tokens, token_pattern=None,
                                        lowercase=False, stop_words=None, sublinear_tf=True,
                                        dtype=np.float32).fit(texts + tgts)
        self.text_vec_ = self._vec(self.ngram_max, texts)
        self.target_vec_ = self._vec(1, tgts)
        self.window_vec_ = self._vec(1, self._windows(pairs, {}))
        self.stem_vec_ = self._vec(1, texts, _stems)
        return self

    # -- helpers -------------------------------------------------------------------------
    def _analysis(self, s, cache):
        a = cache.get(s)
        if a is None:
            a = cache[s] = _Text(s, load_set("stance_stopwords"), _cue_sets())
        return a

    @staticmethod
    def _target_stems(a: _Text) -> list[str]:
        return list(dict.fromkeys(st for st in a.stems if st is not None))

    def _mentions(self, pair, cache):
        x = self._analysis(pair.text, cache)
        t = self._analysis(pair.target, cache)
        pos = sorted({i for st in self._target_stems(t) for i in x.positions.get(st, ())})
        return x, t, pos

    def _windows(self, pairs, cache):
        out = []
        for p in pairs:
            x, _, pos = self._mentions(p, cache)
            words = []
            for i in pos[:20]:
                words.extend(x.toks[max(0, i - WINDOW):i + WINDOW + 1])
            out.append(" ".join(words))
        return out

    # -- transform -----------------------------------------------------------------------
    def transform(self, pairs):
        """Return ``(X_sparse, X_dense)`` for a list of :class:`Pair`."""
        cache: dict = {}
        texts = list(dict.fromkeys(p.text for p in pairs))
        ctxs = list(dict.fromkeys(p.context or p.text for p in pairs))
        tgts = list(dict.fromkeys(p.target for p in pairs))
        ti = {s: i for i, s in enumerate(texts)}
        ci = {s: i for i, s in enumerate(ctxs)}
        gi = {s: i for i, s in enumerate(tgts)}
        xi = np.array([ti[p.text] for p in pairs], dtype=np.intp)
        cxi = np.array([ci[p.context or p.text] for p in pairs], dtype=np.intp)
        tgi = np.array([gi[p.target] for p in pairs], dtype=np.intp)

        cv = self.cos_vec_
        cos_t = np.asarray(cv.transform(tgts)[tgi].multiply(cv.transform(texts)[xi])
                           .sum(axis=1)).ravel()
        cos_c = np.asarray(cv.transform(tgts)[tgi].multiply(cv.transform(ctxs)[cxi])
                           .sum(axis=1)).ravel()

        dense = np.zeros((len(pairs), len(DENSE_NAMES)), dtype=np.float32)
        windows = []
        for k, p in enumerate(pairs):
            x, t, pos = self._mentions(p, cache)
            c = self._analysis(p.context or p.text, cache)
            tst = self._target_stems(t)
            xset = x.positions.keys()
            cset = c.positions.keys()
            n_t = max(len(tst), 1)
            inter = [s for s in tst if s in xset]
            frac_c = sum(1 for s in tst if s in cset) / n_t
            tb = set(zip(tst, tst[1:]))
            xs = [s for s in x.stems if s is not None]
            xb = set(zip(xs, xs[1:])) if tb else set()
            bigram = len(tb & xb) / len(tb) if tb else 0.0
            union = len(set(tst) | set(xset))
            wcounts = np.zeros(len(CUE_CLASSES), dtype=np.float32)
            words = []
            for i in pos[:20]:
                a, b = max(0, i - WINDOW), min(x.n, i + WINDOW + 1)
                wcounts += x.cue_counts(a, b)
                words.extend(x.toks[a:b])
            windows.append(" ".join(words))
            tc = t.cue_counts()
            neg_t = tc[1] + tc[0] > 0
            neg_w = wcounts[1] + wcounts[0] > 0
            if p.speaker:
                sp_a = self._analysis(p.speaker, cache)
                sst = set(self._target_stems(sp_a))
                sp_frac = len(sst & set(tst)) / n_t
                sp_in_text = len(sst & set(xset)) / max(len(sst), 1)
            else:
                sp_frac = sp_in_text = 0.0
            xc = x.cue_counts()
            if p.side:
                sd = self._analysis(p.side, cache)
                side_hits = sum(len(sd.positions.get(st, ())) for st in tst)
                side_frac = sum(1 for st in tst if st in sd.positions) / n_t
            else:
                side_hits = side_frac = 0.0
            dense[k, :23] = (
                cos_t[k], cos_c[k], len(inter) / n_t, frac_c, len(inter),
                len(inter) / union if union else 0.0, bigram,
                pos[0] / max(x.n, 1) if pos else 1.0, np.log1p(len(pos)), np.log1p(x.n),
                float("?" in x.toks), len(tst), float("?" in t.toks), sp_frac,
                float(p.speaker is not None), sp_in_text, float(neg_t != neg_w),
                float(":" in p.text[:200]), float(bool(_QUOTES.search(p.text[:400]))),
                float("!" in p.text[:400]), side_frac, np.log1p(side_hits), float(bool(p.side)))
            dense[k, 23:28] = np.log1p(xc)
            dense[k, 28:33] = np.log1p(c.cue_counts())
            dense[k, 33:38] = np.log1p(wcounts)
            dense[k, 38:43] = tc
            dense[k, 43:48] = xc / max(x.n, 1) * 100
        sparse = sp.hstack([
            self.text_vec_.transform(texts)[xi],
            self.target_vec_.transform(tgts)[tgi],
            self.window_vec_.transform(windows),
            self.stem_vec_.transform(texts)[xi],
        ], format="csr", dtype=np.float32)
        return sparse, dense


class TwoStageStance(BaseEstimator):
    """Related vs unrelated, then favor / against / neutral; see the module docstring.

    Parameters
    ----------
    C : float
        Inverse regularisation of the sparse logistic regressions.
    max_iter, learning_rate, max_leaf_nodes : boosting parameters of both stages.
    n_folds : int
        Folds (grouped) for the out-of-fold logistic-regression features.
    class_weight : None or "balanced"
        Class weights of the second stage (``balanced`` favours macro-F1).
    max_features, ngram_max : passed to :class:`PairFeaturizer`.
    random_state : int
    n_threads : int
        OpenMP threads of the boosting stages (1: results do not depend on the machine's
        load, and spinning threads do not slow a shared machine down).
    """

    def __init__(self, C: float = 4.0, max_iter: int = 200, learning_rate: float = 0.1,
                 max_leaf_nodes: int = 31, n_folds: int = 5, class_weight=None,
                 max_features: int = 20000, ngram_max: int = 2, random_state: int = 0,
                 n_threads: int = 1):
        self.C = C
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.n_folds = n_folds
        self.class_weight = class_weight
        self.max_features = max_features
        self.ngram_max = ngram_max
        self.random_state = random_state
        self.n_threads = n_threads

    def _lr(self):
        return LogisticRegression(C=self.C, max_iter=2000, solver="lbfgs")

    def _hgb(self, class_weight=None):
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, early_stopping=False,
            class_weight=class_weight, random_state=self.random_state)

    def _oof(self, Xs, y, groups):
        """Out-of-fold LR probabilities (grouped), and the LR refit on everything."""
        classes = np.unique(y)
        out = np.zeros((len(y), len(classes)), dtype=np.float32)
        n = min(self.n_folds, len(np.unique(groups)))
        for tr, te in GroupKFold(n_splits=n).split(Xs, y, groups):
            lr = self._lr().fit(Xs[tr], y[tr])
            out[np.ix_(te, np.searchsorted(classes, lr.classes_))] = lr.predict_proba(Xs[te])
        return out, self._lr().fit(Xs, y)

    def fit(self, pairs, y, groups):
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            return self._fit(pairs, y, groups)

    def _fit(self, pairs, y, groups):
        """``pairs``: list of :class:`Pair`; ``y``: labels in LABELS; ``groups``: one id per
        pair (document, body or claim) so that out-of-fold features never see their group."""
        y = np.asarray(y)
        groups = np.asarray(groups)
        self.featurizer_ = PairFeaturizer(self.max_features, self.ngram_max).fit(pairs)
        Xs, Xd = self.featurizer_.transform(pairs)
        rel = y != "unrelated"
        self.has_unrelated_ = bool((~rel).any())
        if self.has_unrelated_:
            oof1, self.lr1_ = self._oof(Xs, rel.astype(int), groups)
            self.stage1_ = self._hgb().fit(np.hstack([Xd, oof1[:, 1:]]), rel.astype(int))
        Xs2, Xd2, y2, g2 = Xs[rel], Xd[rel], y[rel], groups[rel]
        oof2, self.lr2_ = self._oof(Xs2, y2, g2)
        self.stage2_ = self._hgb(self.class_weight).fit(np.hstack([Xd2, oof2]), y2)
        return self

    def predict_proba(self, pairs) -> np.ndarray:
        """Probabilities, columns in LABELS order (favor, against, neutral, unrelated)."""
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            return self._predict_proba(pairs)

    def _predict_proba(self, pairs) -> np.ndarray:
        out = np.zeros((len(pairs), len(LABELS)))
        if not pairs:
            return out
        Xs, Xd = self.featurizer_.transform(pairs)
        if self.has_unrelated_:
            p1 = self.lr1_.predict_proba(Xs)[:, 1:]
            p_rel = self.stage1_.predict_proba(np.hstack([Xd, p1]))[:, 1]
        else:
            p_rel = np.ones(len(pairs))
        p2 = self.stage2_.predict_proba(np.hstack([Xd, self.lr2_.predict_proba(Xs)]))
        for j, lab in enumerate(self.stage2_.classes_):
            out[:, LABELS.index(lab)] = p_rel * p2[:, j]
        out[:, 3] = 1.0 - p_rel
        return out

    def predict(self, pairs) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(pairs).argmax(axis=1)]
