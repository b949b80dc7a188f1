"""Hedging: which expressions lower the certainty of each statement, and whose they are.

Reporter-side: a distancing cue (``claimed``, ``alleged``, ``insisted``) and evidential
flags (``without providing evidence``, ``there was no independent confirmation``,
``reportedly``) in the statement's sentence or in the next sentence of its paragraph.
Speaker-side: epistemic markers inside the content (``may``, ``could``, ``we believe``).
Word sense is checked in context: ``May 5`` and ``as you may know`` are not hedges.
Lexicons are ``lexicons/hedges_reporter.txt`` and ``lexicons/hedges_speaker.txt``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .lexicons import load_set


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    phrases = sorted(load_set(name), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"(?<![\w’'])(?:" + body + r")(?![\w’'])", re.IGNORECASE)


_ADDRESSEE = re.compile(r"\byou\s+(?:may|might)\s+(?:know|recall|remember|have\s+heard|"
                        r"have\s+seen|be\s+aware|be\s+wondering)", re.IGNORECASE)
DISTANCING = frozenset("claim allege insist purport contend".split())
_BACKREF = re.compile(r"\b(?:claim|claims|report|reports|assertion|account|this|that|"
                      r"statement|figure|figures|allegation|allegations|it)\b", re.IGNORECASE)


def speaker_cues(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Epistemic markers inside ``text[start:end]``, in context."""
    out = []
    addressee = [(m.start(), m.end()) for m in _ADDRESSEE.finditer(text, start, end)]
    for m in _pattern("hedges_speaker").finditer(text, start, end):
        w = m.group()
        if w == "May" or w.startswith("May"):
            continue  # the month (lowercase ``may`` is the modal)
        if w.lower() == "may" and re.match(r"\s*\d", text[m.end():m.end() + 3]):
            continue
        if any(a <= m.start() < b for a, b in addressee):
            continue
        out.append((m.start(), m.end()))
    return out


def reporter_flags(text: str) -> list[tuple[int, int]]:
    """Evidential flags anywhere in the text."""
    return [(m.start(), m.end()) for m in _pattern("hedges_reporter").finditer(text)]


def annotate(text: str, sentences, cands, cue_lemmas) -> list[tuple[str, list]]:
    """(hedging label, [(start, end, source)]) for each candidate statement.

    ``sentences`` are the text's sentence spans; ``cue_lemmas[k]`` is the lemma of
    candidate k's cue (or None); candidates carry ``start``, ``end``, ``cue``,
    ``sentence`` and ``paragraph``.
    """
    starts = [a for a, _ in sentences]
    flags = reporter_flags(text)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for a, b in flags:
        si = bisect_right(starts, a) - 1
        by_sentence.setdefault(si, []).append((a, b))
    # statements per sentence, to link a flag in the following sentence
    stmt_sentences = {c.sentence for c in cands}
    out = []
    for k, c in enumerate(cands):
        cues: list[tuple[int, int, str]] = []
        if c.cue and cue_lemmas[k] in DISTANCING:
            cues.append((c.cue[0], c.cue[1], "reporter"))
        for a, b in by_sentence.get(c.sentence, ()):
            cues.append((a, b, "reporter"))
        nxt = c.sentence + 1
        if nxt < len(sentences) and nxt not in stmt_sentences and nxt in by_sentence:
            ns, ne = sentences[nxt]
            same_para = not re.search(r"\n\s*\n", text[c.end:ns])
            if same_para and _BACKREF.search(text, ns, ne):
                cues.extend((a, b, "reporter") for a, b in by_sentence[nxt])
        for a, b in speaker_cues(text, c.start, c.end):
            cues.append((a, b, "speaker"))
        cues = sorted(set(cues))
        sources = {s for _, _, s in cues}
        label = ("both" if len(sources) == 2 else next(iter(sources)) if sources else "none")
        out.append((label, cues))
    return out


# ---------------------------------------------------------------------------
# the trained model: cue occurrences in context, then cue -> statement links
# ---------------------------------------------------------------------------
# Candidate cue occurrences come from the lexicons (data files) and from the cue phrases
# seen in training; each occurrence is classified in context (none / speaker / reporter),
# then every hedge occurrence is linked or not to each statement of the article by a
# second classifier (own cue, inside the content, a flag in the next sentence or at the
# end of the paragraph that refers back to the statement's source). The statement's label
# is derived from the sources of the cues linked to it. Both classifiers are logistic
# regressions over sparse binary features (Medlock & Briscoe 2007 and the CoNLL-2010
# shared task systems score cue candidates in context the same way, e.g. Tang et al. 2010).
import numpy as np  # noqa: E402

from .errors import ModelError, SchemaError  # noqa: E402

LEXICON_KINDS = (("hedges_speaker", "lex_speaker"), ("hedges_reporter", "lex_reporter"),
                 ("hedges_distancing", "lex_distancing"),
                 ("hedges_evidential", "lex_evidential"))
SOURCES = ("none", "speaker", "reporter")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_NEGATION = frozenset("""not no never nobody none neither nor cannot can't couldn't didn't
    hasn't haven't wasn't weren't won't wouldn't unable n't without declined""".split())
_PRONOUNS = frozenset("he she it they we i you his her its their our my".split())
_POSSESSIVE = {"his": "m", "her": "f", "its": "n", "their": "p"}
_SUBJECT_GENDER = {"he": "m", "she": "f", "it": "n", "they": "p", "we": "p"}
_MENTION_STOP = frozenset("""the a an this that these those of for and in on at to from
    said says told""".split())
_BACKREF_WORDS = frozenset("""claim claims account accounts report reports figure figures
    statement statements assertion assertions allegation allegations version remarks
    findings projections details it this that them either neither""".split())


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def _lexicon_phrases() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, kind in LEXICON_KINDS:
        for p in load_set(name):
            out.setdefault(_norm(p), set()).add(kind)
    return out


def _variants(word: str) -> set[str]:
    base = _stem(word)
    if base.endswith("e"):
        base = base[:-1]
    out = {base + s for s in ("e", "es", "ed", "ing")} if base != word else set()
    out |= {base + s for s in ("s", "ed", "ing")}
    return {v for v in out if len(v) > 3} - {word}


_WORD_ONLY = re.compile(r"\w+(?:['’]\w+)*")
_PHRASE_SPLIT = re.compile(r"[\s-]+")
_JOIN = re.compile(r"[\s-]*")


class CueFinder:
    """Candidate cue occurrences: lexicon phrases plus the cue phrases seen in training.

    ``find(text, start, end)`` -> [(start, end, normalised phrase)], longest match first,
    non-overlapping.
    """

    def __init__(self, learned=(), use_lexicons: bool = True):
        self.learned = tuple(sorted(set(learned)))
        self.use_lexicons = use_lexicons
        kinds = _lexicon_phrases() if use_lexicons else {}
        for p in self.learned:
            if " " not in p:  # other inflections of a learned word are candidates too
                for v in _variants(p):
                    kinds.setdefault(v, set()).add("learned_variant")
        for p in self.learned:
            kinds.setdefault(p, set()).add("learned")
        self.kinds = {p: tuple(sorted(k)) for p, k in sorted(kinds.items())}
        self._index = self._build_index(self.kinds)

    def __getstate__(self):
        return {"learned": self.learned, "use_lexicons": self.use_lexicons,
                "kinds": self.kinds}

    def __setstate__(self, state):
        self.learned = state["learned"]
        self.use_lexicons = state["use_lexicons"]
        self.kinds = state["kinds"]
        self._index = self._build_index(self.kinds)

    @staticmethod
    def _build_index(kinds) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """first word -> [(words, phrase)], longest first (words split at spaces and hyphens)."""
        index: dict[str, list] = {}
        for p in kinds:
            words = tuple(_PHRASE_SPLIT.split(p))
            index.setdefault(words[0], []).append((words, p))
        for v in index.values():
            v.sort(key=lambda x: (-len(x[0]), x[1]))
        return index

    def find(self, text: str, start: int = 0, end: int | None = None):
        """Whole-word matches, longest first, left to right, not overlapping; words may be
        separated by whitespace or a hyphen."""
        end = len(text) if end is None else end
        toks = [(m.start(), m.end(), m.group().lower().replace("’", "'"))
                for m in _WORD_ONLY.finditer(text, start, end)]
        out, i, n, index = [], 0, len(toks), self._index
        while i < n:
            options = index.get(toks[i][2])
            hit = None
            if options:
                for words, phrase in options:
                    k = len(words)
                    if i + k <= n and all(toks[i + j][2] == words[j] for j in range(1, k)) \
                            and all(_JOIN.fullmatch(text, toks[i + j - 1][1], toks[i + j][0])
                                    for j in range(1, k)):
                        hit = (toks[i][0], toks[i + k - 1][1], phrase, k)
                        break
            if hit:
                out.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return out


def _words(text: str, a: int, b: int) -> list[str]:
    return [w.lower().replace("’", "'") for w in _TOKEN.findall(text, a, b)]


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[:-len(suf)]
    return w


def occurrence_features(text: str, a: int, b: int, phrase: str, kinds, context=(),
                        others=()) -> list[str]:
    """Binary features of the cue candidate ``text[a:b]``: the phrase, its stem and
    lexicon kinds, three words either side (clipped at the sentence bounds given in
    ``context``), shape, negation before it, a reporting verb before or after it in the
    sentence, the other candidate phrases of the sentence (``others``), and the caller's
    ``context`` flags (in a quote, in a statement's content, is a statement's cue ...)."""
    lo, hi, flags = context if context else (0, len(text), ())
    left = _words(text, max(lo, a - 60), a)[-3:]
    right = _words(text, b, min(hi, b + 60))[:3]
    left = ["<s>"] * (3 - len(left)) + left
    right = right + ["</s>"] * (3 - len(right))
    head = phrase.split()[0]
    f = ["w=" + phrase, "h=" + head, "l1=" + left[-1], "l2=" + left[-2] + "_" + left[-1],
         "r1=" + right[0], "r2=" + right[0] + "_" + right[1], "r1w=" + phrase + "|" + right[0],
         "l1w=" + left[-1] + "|" + phrase, "r12w=" + phrase + "|" + right[0] + "_" + right[1],
         "nw=%d" % min(len(phrase.split()), 3)]
    f += ["k=" + k for k in kinds]
    f.append("st=" + _stem(head))
    f += ["lb=" + w for w in left if w != "<s>"] + ["rb=" + w for w in right if w != "</s>"]
    forms = _reporting_forms()
    if any(w in forms for w in _words(text, lo, a)):
        f += ["rep_before", "rep_before|" + head]
    if any(w in forms for w in _words(text, b, hi)):
        f += ["rep_after", "rep_after|" + head]
    for o in others:
        if o != phrase:
            f += ["co=" + o, "co|" + head + "|" + o]
    if text[a].isupper():
        f.append("cap|" + phrase)
        if a > lo:
            f.append("cap_mid|" + phrase)
    if right[0][:1].isdigit():
        f.append("r_digit")
    before = _words(text, max(lo, a - 40), a)[-5:]
    if any(w in _NEGATION or w.endswith("n't") for w in before) or "not" in phrase.split():
        f.append("neg")
        f.append("neg|" + head)
    if "you" in left:
        f.append("you|" + head)
    for fl in flags:
        f.append(fl)
        f.append(fl + "|" + head)
    return f


@lru_cache(maxsize=1)
def _reporting_forms() -> frozenset[str]:
    from .statements import cue_lexicon

    return frozenset(w for w, cue in cue_lexicon()[0].items() if cue.cls == "plain")


class SparseLogit:
    """A logistic regression over lists of string features (scikit-learn estimator).

    ``fit(feature_lists, y)`` learns ``vocabulary_`` and a ``LogisticRegression``;
    ``predict_proba(feature_lists)`` scores them all in one vectorised step (the linear
    part is computed with numpy from ``coef_``, which is what ``LogisticRegression``
    computes, without its per-call validation overhead).
    """

    def __init__(self, C: float = 1.0, class_weight=None, min_count: int = 1, seed: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.min_count = min_count
        self.seed = seed

    def _matrix(self, feature_lists):
        from scipy.sparse import csr_matrix

        voc = self.vocabulary_
        indptr, idx = [0], []
        for feats in feature_lists:
            idx.extend(sorted({voc[f] for f in feats if f in voc}))  # binary features
            indptr.append(len(idx))
        data = np.ones(len(idx))
        return csr_matrix((data, np.asarray(idx, dtype=np.int64), np.asarray(indptr)),
                          shape=(len(feature_lists), len(voc)))

    def fit(self, feature_lists, y):
        from collections import Counter

        from sklearn.linear_model import LogisticRegression

        counts = Counter(f for feats in feature_lists for f in set(feats))
        kept = sorted(f for f, n in counts.items() if n >= self.min_count)
        self.vocabulary_ = {f: i for i, f in enumerate(kept)}
        clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000,
                                 random_state=self.seed)
        clf.fit(self._matrix(feature_lists), np.asarray(y))
        self.classes_ = [c.item() if hasattr(c, "item") else c for c in clf.classes_]
        coef = clf.coef_ if len(self.classes_) > 2 else np.vstack([-clf.coef_, clf.coef_]) / 2
        icpt = (clf.intercept_ if len(self.classes_) > 2
                else np.array([-clf.intercept_[0], clf.intercept_[0]]) / 2)
        # one extra row for unseen features keeps lookups branch-free
        self.coef_ = np.vstack([coef.T, np.zeros((1, coef.shape[0]))])
        self.intercept_ = icpt
        return self

    def predict_proba(self, feature_lists) -> np.ndarray:
        """Rows of class probabilities (columns in ``classes_`` order)."""
        n = len(feature_lists)
        if n == 0:
            return np.zeros((0, len(self.classes_)))
        voc, unk = self.vocabulary_, len(self.vocabulary_)
        idx, rows = [], []
        for r, feats in enumerate(feature_lists):
            for f in dict.fromkeys(feats):  # binary: each feature once, in a fixed order
                idx.append(voc.get(f, unk))
                rows.append(r)
        scores = np.zeros((n, self.coef_.shape[1])) + self.intercept_
        np.add.at(scores, np.asarray(rows), self.coef_[np.asarray(idx)])
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------
# statements as seen by the hedging stage
# ---------------------------------------------------------------------------
def _clip(x: int, lo: int, hi: int) -> int:
    return lo if x < lo else hi if x > hi else x


def _speaker_keys(text: str, cands) -> list[tuple[frozenset, str | None]]:
    """(content words, pronoun gender) of each candidate's speaker mention; a pronoun or a
    missing mention takes the words of the closest earlier named speaker."""
    out: list[tuple[frozenset, str | None]] = []
    last_named: frozenset = frozenset()
    by_id = {id(c): k for k, c in enumerate(cands)}
    for c in cands:
        key, gender = frozenset(), None
        m = c.mention
        if m is None and c.inherit is not None and id(c.inherit) in by_id:
            prev = out[by_id[id(c.inherit)]] if by_id[id(c.inherit)] < len(out) else None
            if prev:
                key, gender = prev
        elif m is not None:
            words = [w for w in _words(text, m[0], m[1]) if w[0].isalnum()]
            words = [w[:-2] if w.endswith("'s") else w for w in words]
            if len(words) == 1 and words[0] in _PRONOUNS:
                gender = _SUBJECT_GENDER.get(words[0])
                key = last_named
            elif words:
                key = frozenset(w for w in words if w not in _MENTION_STOP) or frozenset(words)
                last_named = key
        else:
            key = last_named
        out.append((key, gender))
    return out


def gold_candidates(doc, gold: dict):
    """Candidate objects and cue lemmas built from a gold document's statements, sorted
    by content start (to train and score the hedging stage on gold statements)."""
    from .statements import Candidate, cue_lexicon

    single, multi = cue_lexicon()
    stmts = sorted(gold.get("statements") or [], key=lambda s: (s["start"], s["end"]))
    cands, lemmas, by_speaker = [], [], {}
    for st in stmts:
        try:
            a, b = int(st["start"]), int(st["end"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaError(f"statement without integer start/end: {exc}") from None
        cue = ((st["cue_start"], st["cue_end"]) if st.get("cue_start") is not None
               and st.get("cue_end") is not None else None)
        mention = ((st["speaker_start"], st["speaker_end"])
                   if st.get("speaker_start") is not None else None)
        lemma = None
        if cue:
            words = _norm(doc.text[cue[0]:cue[1]]).split()
            if words and words[0] in single:
                lemma = single[words[0]].lemma
            elif words:
                for ws, info in multi.get(words[0], ()):
                    if tuple(words[:len(ws)]) == ws:
                        lemma = info.lemma
                        break
        si = doc.sentence_of(a)
        c = Candidate(a, b, st.get("kind") or "indirect", "gold", si if si is not None else 0,
                      doc.paragraph_of(a), cue=cue, mention=mention,
                      inherit=None if mention else by_speaker.get(st.get("speaker")))
        if st.get("speaker"):
            by_speaker[st["speaker"]] = c
        cands.append(c)
        lemmas.append(lemma)
    return stmts, cands, lemmas


def _overlaps(a: int, b: int, spans) -> bool:
    return any(x < b and a < y for x, y in spans)


class HedgeModel:
    """The trained hedging stage: cue occurrences in context, then cue-statement links.

    Parameters
    ----------
    occ_C, link_C : float
        Inverse regularisation of the occurrence and link classifiers.
    learned_min_count : int
        A cue phrase (up to three words) seen this often in the training gold becomes a
        candidate cue besides the lexicon entries.
    seed : int
        Random state of the classifiers.

    ``fit(docs)`` takes gold documents (ANNOTATION.md schema); ``annotate(text, doc,
    cands, cue_lemmas)`` returns ``(label, [(start, end, source)], probability)`` per
    candidate, with two vectorised classifier calls per document.
    """

    def __init__(self, occ_C: float = 1.0, link_C: float = 1.0, learned_min_count: int = 2,
                 seed: int = 0):
        self.occ_C = occ_C
        self.link_C = link_C
        self.learned_min_count = learned_min_count
        self.seed = seed

    # -- features ----------------------------------------------------------
    def _occurrences(self, text: str, doc, cands):
        """Candidate cue occurrences of the article with their feature lists."""
        contents = [(c.start, c.end) for c in cands]
        cues = [c.cue for c in cands if c.cue]
        stmt_sents = {c.sentence for c in cands}
        occs, feats = [], []
        found = [(a, b, p, doc.sentence_of(a) or 0) for a, b, p in self.finder_.find(text)]
        in_sentence: dict[int, list[str]] = {}
        for _, _, p, si in found:
            in_sentence.setdefault(si, []).append(p)
        for a, b, phrase, si in found:
            lo, hi = doc.sentences[si] if doc.sentences else (0, len(text))
            flags = []
            q = doc.quote_at(a)
            if q is not None:
                flags.append("in_quote")
            inside = [k for k, (x, y) in enumerate(contents) if x <= a < y]
            if inside:
                flags.append("in_content")
                flags.append("in_" + cands[inside[0]].kind)
            if _overlaps(a, b, cues):
                flags.append("is_cue")
            if si in stmt_sents:
                flags.append("stmt_sentence")
            elif si - 1 in stmt_sents:
                flags.append("after_stmt_sentence")
            if not inside and any(w in _BACKREF_WORDS for w in _words(text, lo, hi)):
                flags.append("backref")
            occs.append((a, b, phrase, si))
            feats.append(occurrence_features(text, a, b, phrase, self.finder_.kinds[phrase],
                                             (lo, hi, flags), in_sentence[si]))
        return occs, feats

    @staticmethod
    def _occ_context(text, doc, cands, occ) -> dict:
        """What the pair features need to know about one occurrence, computed once."""
        a, b, _, si = occ
        lo, hi = doc.sentences[si] if doc.sentences else (0, len(text))
        return {
            "is_cue": any(o.cue and o.cue[0] < b and a < o.cue[1] for o in cands),
            "in_content": any(o.start <= a < o.end for o in cands),
            "near": max((j for j, o in enumerate(cands) if o.start <= a), default=None,
                        key=lambda j: cands[j].start),
            "words": set(_words(text, lo, hi)),
            "para": doc.paragraph_of(a),
            "stmt_in_sentence": any(o.sentence == si for o in cands),
        }

    def _pair_features(self, text: str, doc, cands, keys, occ, src: str, k: int,
                       ctx: dict) -> list[str]:
        a, b, phrase, si = occ
        c = cands[k]
        f = []
        if c.cue and c.cue[0] < b and a < c.cue[1]:
            f.append("own_cue")
        elif ctx["is_cue"]:
            f.append("other_cue")
        if c.start <= a < c.end:
            f.append("inside")
        elif ctx["in_content"]:
            f.append("inside_other")
        ds = _clip(si - c.sentence, -3, 4)
        dp = _clip(ctx["para"] - c.paragraph, -2, 3)
        f += ["ds=%d" % ds, "dp=%d" % dp, "ds_dp=%d_%d" % (ds, dp)]
        after = a >= c.end
        if after:
            between = [o for o in cands if c.end <= o.start < a]
            f.append("between=%d" % min(len(between), 3))
            key = keys[k][0]
            other = sum(1 for j, o in enumerate(cands) if c.end <= o.start < a
                        and not keys[j][0] & key)
            f.append("between_other=%d" % min(other, 3))
        near = ctx["near"]
        if near == k:
            f.append("nearest")
        elif near is not None and keys[near][0] & keys[k][0]:
            f.append("same_source_as_nearest")
        words = ctx["words"]
        if keys[k][0] & words:
            f.append("source_named")
        poss = {g for w, g in _POSSESSIVE.items() if w in words}
        if keys[k][1] and keys[k][1] in poss:
            f.append("possessive_match")
        if words & _BACKREF_WORDS:
            f.append("backref")
        if c.sentence != si and ctx["stmt_in_sentence"]:
            f.append("flag_sentence_has_stmt")
        f.append("kind=" + c.kind)
        f.append("w=" + phrase)
        out = ["src=" + src]
        for x in f:
            out.append(x)
            out.append(src + "|" + x)
        return out

    def _pairs(self, text, doc, cands, keys, occs, srcs):
        """(occurrence index, candidate index) pairs worth scoring and their features."""
        pairs, feats = [], []
        for i, (occ, src) in enumerate(zip(occs, srcs)):
            if src == "none":
                continue
            si = occ[3]
            para = doc.paragraph_of(occ[0])
            ctx = None
            for k, c in enumerate(cands):
                inside = c.start <= occ[0] < c.end
                if src == "speaker" and not inside:
                    continue  # the speaker hedges inside the content only
                if not inside and not -2 <= para - c.paragraph <= 6:
                    continue
                if not inside and si - c.sentence > 12:
                    continue
                pairs.append((i, k))
                ctx = ctx or self._occ_context(text, doc, cands, occ)
                feats.append(self._pair_features(text, doc, cands, keys, occ, src, k, ctx))
        return pairs, feats

    # -- learning ----------------------------------------------------------
    def _gold_examples(self, docs):
        occ_X, occ_y, link_X, link_y = [], [], [], []
        for d in docs:
            from .statements import TextDoc

            text = d["text"]
            doc = TextDoc(text)
            stmts, cands, _ = gold_candidates(doc, d)
            keys = _speaker_keys(text, cands)
            spans = {}
            for st in stmts:
                for a, b, src in st.get("hedge_cues") or []:
                    spans.setdefault((a, b), set()).add(src)
            occs, feats = self._occurrences(text, doc, cands)
            labels = []
            for (a, b, _, _), f in zip(occs, feats):
                srcs = set().union(*[s for (x, y), s in spans.items() if x < b and a < y])
                lab = "reporter" if "reporter" in srcs else "speaker" if srcs else "none"
                labels.append(lab)
                occ_X.append(f)
                occ_y.append(lab)
            pairs, pfeats = self._pairs(text, doc, cands, keys, occs, labels)
            for (i, k), f in zip(pairs, pfeats):
                a, b = occs[i][:2]
                link_X.append(f)
                link_y.append(int(any(x < b and a < y and src == labels[i]
                                      for x, y, src in stmts[k].get("hedge_cues") or [])))
        return occ_X, occ_y, link_X, link_y

    def fit(self, docs):
        """Learn the candidate cue phrases and both classifiers from gold documents."""
        return self._fit_examples(*self._prepare(docs))

    def _prepare(self, docs):
        from collections import Counter

        counts = Counter()
        for d in docs:
            for st in d.get("statements") or []:
                for a, b, _ in st.get("hedge_cues") or []:
                    p = _norm(d["text"][a:b])
                    if 0 < len(p.split()) <= 3:
                        counts[p] += 1
        self.finder_ = CueFinder(p for p, n in counts.items() if n >= self.learned_min_count)
        return self.finder_, self._gold_examples(docs)

    def _fit_examples(self, finder, examples):
        occ_X, occ_y, link_X, link_y = examples
        self.finder_ = finder
        self.occ_ = SparseLogit(C=self.occ_C, seed=self.seed).fit(occ_X, occ_y)
        self.link_ = SparseLogit(C=self.link_C, seed=self.seed).fit(link_X, link_y)
        return self

    # -- inference ---------------------------------------------------------
    def annotate(self, text: str, doc, cands, cue_lemmas=None):
        """``(label, [(start, end, source)], probability)`` for each candidate.

        ``probability`` is the model's probability of the label it gives, from the best
        speaker-side and reporter-side cue of the statement (each cue scores the smaller of
        its occurrence and link probabilities, so a cue is kept exactly when it scores
        above 0.5 and the label always follows from the kept cues).
        """
        if not hasattr(self, "occ_"):
            raise ModelError("HedgeModel is not fitted")
        if not cands:
            return []
        occs, feats = self._occurrences(text, doc, cands)
        P = self.occ_.predict_proba(feats)
        cls = self.occ_.classes_
        best = P.argmax(axis=1) if len(occs) else []
        srcs = [str(cls[j]) for j in best]
        occ_p = [float(P[i, j]) for i, j in enumerate(best)]
        keys = _speaker_keys(text, cands)
        pairs, pfeats = self._pairs(text, doc, cands, keys, occs, srcs)
        L = self.link_.predict_proba(pfeats)[:, 1] if pairs else []
        score = {"speaker": [0.0] * len(cands), "reporter": [0.0] * len(cands)}
        cues: list[list] = [[] for _ in cands]
        for (i, k), pl in zip(pairs, L):
            s = min(occ_p[i], float(pl))
            src = srcs[i]
            score[src][k] = max(score[src][k], s)
            if s > 0.5:
                cues[k].append((occs[i][0], occs[i][1], src))
        out = []
        for k in range(len(cands)):
            ps, pr = score["speaker"][k], score["reporter"][k]
            cs = _merge_cues(text, sorted(set(cues[k])))
            sources = {s for _, _, s in cs}
            label = "both" if len(sources) == 2 else next(iter(sources)) if sources else "none"
            prob = ((ps if "speaker" in sources else 1 - ps)
                    * (pr if "reporter" in sources else 1 - pr))
            out.append((label, cs, round(prob, 4)))
        return out


def _merge_cues(text: str, cues):
    """Adjacent reporter cues with only words between them (at most 3) become one
    (``did not provide`` + ``evidence`` -> one flag)."""
    out: list[tuple[int, int, str]] = []
    for a, b, s in cues:
        if s == "reporter" and out and out[-1][2] == s and out[-1][1] <= a:
            gap = text[out[-1][1]:a]
            if not re.search(r"[,;:.!?\"“”()]", gap) and len(gap.split()) <= 3:
                out[-1] = (out[-1][0], b, s)
                continue
        out.append((a, b, s))
    return out


# ---------------------------------------------------------------------------
# scoring on gold statements, and the training entry point of `stance train`
# ---------------------------------------------------------------------------
def score_on_gold(model, docs) -> dict:
    """Hedging macro-F1 and hedge-cue P/R/F1 (ANNOTATION.md) of ``model`` run on the gold
    statements of ``docs`` (so statement detection errors do not count)."""
    from .scoring import macro_f1, prf
    from .statements import TextDoc

    pairs, tp, n_pred, n_gold = [], 0, 0, 0
    for d in docs:
        doc = TextDoc(d["text"])
        stmts, cands, lemmas = gold_candidates(doc, d)
        for st, (label, cues, _) in zip(stmts, model.annotate(d["text"], doc, cands, lemmas)):
            pairs.append((st.get("hedging"), label))
            gold = [tuple(x) for x in st.get("hedge_cues") or []]
            used = set()
            for gs, ge, gsrc in gold:
                for j, (ps, pe, psrc) in enumerate(cues):
                    if j not in used and psrc == gsrc and ps < ge and gs < pe:
                        used.add(j)
                        tp += 1
                        break
            n_gold += len(gold)
            n_pred += len(cues)
    return {"hedging_macro_f1": macro_f1(pairs, ["none", "speaker", "reporter", "both"]),
            "hedge_cues": prf(tp, n_pred, n_gold)}


GRID = {"occ_C": (0.3, 1.0, 3.0), "link_C": (0.3, 1.0, 3.0)}


def fit(train_docs, dev_docs, seed: int = 0):
    """Fit the hedging stage on ``train_docs``; choose ``occ_C`` and ``link_C`` by the mean
    of hedging macro-F1 and hedge-cue F1 on ``dev_docs`` (gold statements). Returns
    ``(model, parameters)``."""
    if not train_docs:
        raise SchemaError("hedging.fit needs at least one training document")
    best = None
    prepared = HedgeModel(seed=seed)._prepare(train_docs)  # features do not depend on C
    for occ_C in GRID["occ_C"]:
        for link_C in GRID["link_C"]:
            m = HedgeModel(occ_C=occ_C, link_C=link_C, seed=seed)._fit_examples(*prepared)
            if not dev_docs:
                return m, {"occ_C": occ_C, "link_C": link_C, "learned_min_count": 2}
            r = score_on_gold(m, dev_docs)
            val = (r["hedging_macro_f1"]["f1"] or 0) + (r["hedge_cues"]["f1"] or 0)
            if best is None or val > best[0] + 1e-12:
                best = (val, m, occ_C, link_C, r)
    _, m, occ_C, link_C, r = best
    params = {"occ_C": occ_C, "link_C": link_C, "learned_min_count": m.learned_min_count,
              "dev_gold_statements": {"hedging_macro_f1": round(r["hedging_macro_f1"]["f1"], 4),
                                      "hedge_cue_f1": round(r["hedge_cues"]["f1"], 4)}}
    return m, params
