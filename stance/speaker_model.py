"""The trained speaker stage: rank the article's entities for each statement.

For every statement the rules propose a mention (``X said``, ``said X``, ``according to
X``, the previous speaker for a quote that continues) and a first canonical name. The
model then ranks candidate entities: the rules' name, the mention itself (for unnamed
sources: ``a resident of Dolmak``), every person and organization name of the article,
the name written in apposition after the mention (``Its lawyer, Darnell Okwu``), and
the speakers of the previous statements. Features describe the pair: the mention's shape
(pronoun, role phrase, surname, full name, none), the candidate's source and type, how
far back the candidate was last written, whether it spoke just before, whether the
mention's role word stands next to the candidate elsewhere in the article. A logistic
regression scores each pair; the top candidate is the canonical speaker.

Trained on ``corpora/train.jsonl`` by :func:`fit`; the label of a pair is whether the
candidate names the gold canonical speaker (the scorer's name matching).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import numpy as np

from . import speakers
from .lexicons import load_set
from .speakers import (PERSON_PRONOUNS, PLURAL_PRONOUNS, NameIndex, Speaker, _CAP_RUN,
                       _strip_possessive, _strip_titles, _without_determiner,
                       classify_mention, is_role_mention)

_TOK = re.compile(r"[^\W_]+")
_DET = frozenset("the a an".split())
_HE = re.compile(r"\b(?:he|him|his|himself)\b")
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b")


def _norm(name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    toks = [t for t in _TOK.findall(name.lower().replace("’", "'")) if t not in _DET]
    if toks and toks[-1] == "s":
        toks.pop()
    return tuple(toks)


class _Entity:
    __slots__ = ("name", "type", "positions", "sources")

    def __init__(self, name, etype):
        self.name, self.type = name, etype
        self.positions: list[int] = []
        self.sources: set[str] = set()


class _Entities:
    """The article's named entities: person names (expanded to the fullest form) and
    capitalized organization-like runs, each with the positions where it is written."""

    def __init__(self, text: str, names: NameIndex):
        self.by_key: dict[tuple, _Entity] = {}
        titles = load_set("titles")
        self.text = text
        self.names = names
        for (pos, words), person in zip(names.all_runs, names.run_persons):
            if person:
                name, etype = names.expand(person), "person"
            else:
                ws = _strip_titles(words, titles)
                if not ws:
                    continue
                if len(ws) == 1 and ws[0].lower() in names.full:
                    name, etype = names.full[ws[0].lower()], "person"
                else:
                    name, etype = " ".join(ws), "organization"
            self.add(name, etype, pos, "name")
        self._gender: dict[tuple, str] = {}

    def gender(self, key) -> str:
        """``m``/``f``/``?``: which third-person pronouns follow the entity's mentions."""
        g = self._gender.get(key)
        if g is None:
            ent = self.by_key[key]
            he = she = 0
            for p in ent.positions[:8]:
                window = self.text[p:p + 250].lower()
                he += len(_HE.findall(window))
                she += len(_SHE.findall(window))
            g = "m" if he > she else "f" if she > he else "?"
            self._gender[key] = g
        return g

    def add(self, name, etype, pos, source) -> _Entity:
        key = _norm(name)
        ent = self.by_key.get(key)
        if ent is None:
            ent = self.by_key[key] = _Entity(name, etype)
        if pos is not None:
            k = bisect_left(ent.positions, pos)
            if k == len(ent.positions) or ent.positions[k] != pos:
                ent.positions.insert(k, pos)
        ent.sources.add(source)
        return ent


def _mention_shape(mention: str | None) -> str:
    if mention is None:
        return "none"
    low = mention.strip().lower()
    if low in PERSON_PRONOUNS:
        return "pron_person"
    if low in PLURAL_PRONOUNS:
        return "pron_plural"
    if low == "it":
        return "pron_it"
    if is_role_mention(mention):
        return "role"
    first = mention.strip()[:1]
    if low.startswith(("the ", "a ", "an ")):
        return "definite" if low.startswith("the ") else "indefinite"
    if first.isupper():
        caps = [w for w in mention.split() if w[:1].isupper()]
        return "cap1" if len(caps) == 1 else "capn"
    return "lower"


def _bucket(x: int, edges=(0, 1, 2, 3, 5, 8, 13, 20)) -> str:
    for e in edges:
        if x <= e:
            return str(e)
    return "more"


class SpeakerModel:
    """Ranks candidate entities for each statement; see the module docstring."""

    def __init__(self, vectorizer, clf, margin: float = 0.0):
        self.vectorizer = vectorizer
        self.clf = clf
        # the rules' choice stands unless beaten by this much (per mention shape)
        self.margin = margin if isinstance(margin, dict) else {}

    # -- candidates and features -------------------------------------------------
    @staticmethod
    def candidates(doc, cands, rule_out, names=None):
        """Per statement: (list of (name, type, feature dict), mention text)."""
        text = doc.text
        names = names or NameIndex(text)
        ents = _Entities(text, names)
        sent_starts = [a for a, _ in doc.sentences]
        result = []
        prev: list[tuple[str, str]] = []  # canonical names chosen by the rules for earlier statements
        for k, (c, r) in enumerate(zip(cands, rule_out)):
            mention = text[c.mention[0]:c.mention[1]] if c.mention else None
            shape = _mention_shape(mention)
            anchor = c.mention[0] if c.mention else (c.cue[0] if c.cue else c.start)
            anchor_sent = bisect_right(sent_starts, anchor) - 1
            mlow = set(_TOK.findall(mention.lower())) if mention else set()
            mtype = classify_mention(mention, names) if mention else "none"
            pool: dict[tuple, tuple[str, str, set]] = {}

            def put(name, etype, src):
                key = _norm(name)
                if not key:
                    return
                if key in pool:
                    pool[key][2].add(src)
                else:
                    pool[key] = (name, etype, {src})

            if r.name:
                put(r.name, r.type, "rule")
            if mention:
                put(_without_determiner(mention), mtype, "self")
                # the name written in apposition after the mention (``Its lawyer, X``)
                tail = text[c.mention[1]:c.mention[1] + 80]
                m = re.match(r"\s*,\s*(?:the\s+)?", tail)
                if m:
                    run = _CAP_RUN.match(tail, m.end())
                    if run:
                        ws = _strip_titles([_strip_possessive(w.rstrip("."))
                                            for w in run.group().split()],
                                           load_set("titles"))
                        if ws:
                            put(names.expand(" ".join(ws)), "person", "appos")
                for run in _CAP_RUN.finditer(mention):
                    ws = _strip_titles([_strip_possessive(w.rstrip("."))
                                        for w in run.group().split()], load_set("titles"))
                    if ws and ws[0].lower() not in _DET:
                        put(names.expand(" ".join(ws)), "organization", "inside")
            for back, (name, ptype) in enumerate(reversed(prev[-3:])):
                put(name, ptype, f"prev{back}")
            horizon = c.mention[1] + 400 if c.mention else c.end
            for key, ent in ents.by_key.items():
                if ent.positions and ent.positions[0] < horizon:
                    put(ent.name, ent.type, "ent")
            out = []
            person_pron = shape == "pron_person" or (mention or "").strip().lower() == "i"
            # a mention that writes a name itself (``the Syrian Civil Defense``) names
            # the speaker: only its own names, the apposition and the rules' name compete
            named = bool(mention) and shape not in ("role", "pron_person", "pron_plural",
                                                    "pron_it") and any(
                w[:1].isupper() for w in mention.split()[1:] + mention.split()[:1]
                if w.lower() not in _DET)
            for key, (name, etype, srcs) in pool.items():
                ent = ents.by_key.get(key)
                if person_pron and (ent is None or ent.type != "person") and \
                        not (srcs & {"prev0", "prev1", "prev2"} and etype == "person"):
                    continue  # ``she`` names a person
                if named and not srcs & {"self", "inside", "appos", "rule"}:
                    continue

                f = {"shape=" + shape: 1, "mtype=" + mtype: 1, "etype=" + etype: 1,
                     "shape_etype=%s_%s" % (shape, etype): 1,
                     "mtype_etype=%s_%s" % (mtype, etype): 1,
                     "pattern=" + (c.pattern or ""): 1}
                for s in sorted(srcs):  # a fixed feature order keeps float sums, and so the model, reproducible
                    f["src=" + s] = 1
                    f["shape_src=%s_%s" % (shape, s)] = 1
                if "rule" in srcs and len(srcs) == 1:
                    f["rule_only"] = 1
                if "rule" in srcs:
                    f["rule_type=" + r.type] = 1
                    if mention and r.name and _norm(r.name) != _norm(
                            _without_determiner(mention)):
                        f["rule_renamed_" + shape] = 1
                if shape == "pron_person" and ent is not None and etype == "person":
                    g = ents.gender(key)
                    want = "m" if mention.strip().lower() in ("he", "him") else "f"
                    f["gender=" + ("?" if g == "?" else "agree" if g == want else "clash")] = 1
                if ent is not None:
                    before = [p for p in ent.positions if p <= anchor]
                    after = [p for p in ent.positions if p > anchor]
                    if before:
                        sd = anchor_sent - (bisect_right(sent_starts, before[-1]) - 1)
                        f["sent_back=" + _bucket(sd)] = 1
                        f["shape_sent_back=%s_%s" % (shape, _bucket(sd, (0, 1, 3)))] = 1
                        f["in_content"] = int(c.start <= before[-1] < c.end)
                    else:
                        f["not_before"] = 1
                        if after:
                            sd = (bisect_right(sent_starts, after[0]) - 1) - anchor_sent
                            f["sent_ahead=" + _bucket(sd, (0, 1, 2, 4))] = 1
                    f["count=" + _bucket(len(ent.positions), (1, 2, 4))] = 1
                    # the mention's role words stand next to the candidate elsewhere
                    if mlow and shape in ("role", "definite", "indefinite", "lower"):
                        hits = 0
                        for p in ent.positions[:6]:
                            ctx = text[max(0, p - 60):p + len(ent.name) + 60].lower()
                            ctx_words = set(_TOK.findall(ctx))
                            hits = max(hits, len((mlow - _DET - {"its", "their", "his",
                                                                  "her"}) & ctx_words))
                        f["role_ctx=" + _bucket(hits, (0, 1, 2))] = 1
                else:
                    f["no_entity"] = 1
                ntoks = _norm(name)
                if "self" in srcs:
                    f["self_lower"] = int(not any(ch.isupper() for ch in name))
                    f["self_words=" + _bucket(len(ntoks), (1, 2, 3))] = 1
                if mention:
                    f["surname_in_mention"] = int(ntoks[-1] in mlow)
                    f["all_in_mention"] = int(set(ntoks) <= mlow)
                    f["overlap=" + _bucket(int(4 * len(set(ntoks) & mlow) / max(1, len(
                        set(ntoks)))), (0, 1, 2, 3))] = 1
                f["ntoks=" + _bucket(len(ntoks), (1, 2, 3))] = 1
                out.append((name, etype, f))
            result.append((out, mention, mtype))
            prev.append((r.name or "", r.type))
        return result

    # -- inference ----------------------------------------------------------------
    def resolve(self, doc, cands) -> list[Speaker]:
        names = NameIndex(doc.text)
        rule_out = speakers.resolve(doc.text, cands, names)
        if not cands:
            return []
        per = self.candidates(doc, cands, rule_out, names)
        feats, owner = [], []
        for k, (out, _, _) in enumerate(per):
            for _, _, f in out:
                feats.append(f)
                owner.append(k)
        if not feats:
            return rule_out
        scores = self.clf.decision_function(self.vectorizer.transform(feats))
        flat = [x for out, _, _ in per for x in out]
        best: dict[int, tuple[float, int]] = {}
        for i, (k, s) in enumerate(zip(owner, scores)):
            f = flat[i][2]
            if f.get("src=rule"):
                s += self.margin.get(_shape_of(f), 0.0)
            if k not in best or s > best[k][0]:
                best[k] = (s, i)
        result = []
        for k, r in enumerate(rule_out):
            if k not in best:
                result.append(r)
                continue
            name, etype, f = flat[best[k][1]]
            stype = r.type
            if etype == "person" and f.get("src=ent") and not f.get("src=self"):
                stype = "person"
            result.append(Speaker(name, stype))
        return result


def training_pairs(docs):
    """(features, labels, groups) from gold documents, over the rules' candidates."""
    from .scoring import names_match
    from .statements import TextDoc, find_candidates

    X, y, groups = [], [], []
    gid = 0
    for d in docs:
        text = d["text"]
        doc = TextDoc(text)
        cands = find_candidates(doc)
        if not cands:
            continue
        names = NameIndex(text)
        rule_out = speakers.resolve(text, cands, names)
        per = SpeakerModel.candidates(doc, cands, rule_out, names)
        polnear = d.get("statements") is None
        golds = d.get("quotes") or [] if polnear else d["statements"]
        for c, (out, _, _) in zip(cands, per):
            g = _match_gold(c, golds)
            if g is None or not g.get("speaker"):
                continue
            if polnear:  # the gold speaker is the local mention
                labels = [int(names_match(g["speaker"], name, False, mention_mode=True))
                          for name, _, _ in out]
            else:
                labels = [int(names_match(g["speaker"], name,
                                          g.get("speaker_type") == "person"))
                          for name, _, _ in out]
            if not any(labels):
                continue
            for (name, etype, f), lab in zip(out, labels):
                X.append(f)
                y.append(lab)
                groups.append(gid)
            gid += 1
    return X, np.array(y), np.array(groups)


def _match_gold(c, golds):
    best, best_ov = None, 0.0
    for g in golds:
        ov = min(c.end, g["end"]) - max(c.start, g["start"])
        if ov <= 0:
            continue
        r = ov / max(c.end - c.start, g["end"] - g["start"])
        if r > best_ov:
            best, best_ov = g, r
    return best if best_ov >= 0.5 else None


def _shape_of(f: dict) -> str:
    for k in f:
        if k.startswith("shape="):
            return k[6:]
    return "none"


def _top1(clf, vec, X, y, groups, margin=None, raw=None) -> float:
    s = clf.decision_function(vec.transform(X)) if raw is None else raw
    if margin:
        s = s + np.array([margin.get(_shape_of(f), 0.0) if f.get("src=rule") else 0.0
                          for f in X])
    right = total = 0
    start = 0
    n = len(groups)
    while start < n:
        end = start
        while end < n and groups[end] == groups[start]:
            end += 1
        i = start + int(np.argmax(s[start:end]))
        right += int(y[i] == 1)
        total += 1
        start = end
    return right / total if total else 0.0


class _Dense:
    """A gradient-boosting classifier fed dense arrays, with ``decision_function``."""

    def __init__(self, est):
        self.est = est

    def fit(self, X, y):
        self.est.fit(X.toarray(), y)
        return self

    def decision_function(self, X):
        return self.est.decision_function(X.toarray())


def fit(train_docs, dev_docs, seed: int = 0):
    """Fit the ranker on train; choose the regularisation on dev (top-1 accuracy)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    Xtr, ytr, gtr = training_pairs(train_docs)
    Xdv, ydv, gdv = training_pairs(dev_docs)
    vec = DictVectorizer(sort=True)
    A = vec.fit_transform(Xtr)
    from sklearn.ensemble import HistGradientBoostingClassifier

    best = None
    grid = [("LogisticRegression", {"C": C}) for C in (0.3, 1.0, 3.0)]
    for kind, hp in grid:
        if kind == "LogisticRegression":
            clf = LogisticRegression(max_iter=2000, random_state=seed, **hp)
            clf.fit(A, ytr)
        else:
            clf = _Dense(HistGradientBoostingClassifier(random_state=seed, **hp))
            clf.fit(A, ytr)
        acc = _top1(clf, vec, Xdv, ydv, gdv)
        if best is None or acc > best[0] + 1e-9:
            best = (acc, kind, hp, clf)
    acc, kind, hp, clf = best
    # how far to trust the rules, for each mention shape, chosen on dev
    raw = clf.decision_function(vec.transform(Xdv))
    margin: dict[str, float] = {}
    for shape in sorted({_shape_of(f) for f in Xdv}):
        for m in (0.5, 1.0, 2.0, 4.0, 100.0):
            a = _top1(clf, vec, Xdv, ydv, gdv, dict(margin, **{shape: m}), raw)
            if a > acc + 1e-9:
                acc, margin[shape] = a, m
    hp = dict(hp, rule_margin=margin)
    params = {"classifier": kind, **hp, "features": len(vec.vocabulary_),
              "train_pairs": int(len(ytr)), "train_statements": int(gtr.max() + 1),
              "dev_top1_accuracy": round(acc, 4)}
    return SpeakerModel(vec, clf, margin), params
