"""Hedging benchmark: the corpus test split, the seed, and the Szeged news uncertainty data.

    PYTHONPATH=. python benchmarks/hedging.py [--szeged ../shared/data/hedging/szeged_news_train.jsonl]
    PYTHONPATH=. python benchmarks/hedging.py --train A.jsonl --eval B.jsonl [--json]

Corpus test and seed (ANNOTATION.md metrics): hedging macro-F1 and hedge-cue P/R/F1, on
gold statements (the hedging stage alone) and end to end (the full pipeline).

Szeged news (Szarvas et al. 2012; Szeged schema: text, label certain|uncertain, cues,
doc_id): sentence-level P/R/F1 of the ``uncertain`` class and exact-span cue P/R/F1
(CoNLL-2010 Task 1 style), for
- ``transfer``: the shipped model, each sentence read as one statement's content;
- ``cv``: a throwaway model of the shipped family (cue-occurrence classifier over lexicon
  and learned cue candidates; a sentence is uncertain when it holds a cue), trained by
  5-fold cross-validation grouped by document; its cue vocabulary is learned from the
  training folds only.
With ``--train/--eval`` the throwaway model is trained on one file and scored on the other.
The data are third-party: nothing read here is written anywhere.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from stance import hedging
from stance.errors import DataError
from stance.pipeline import Analyzer
from stance.scoring import prf, score
from stance.statements import Candidate, TextDoc
from stance.train import PROJECT, read_jsonl

DEFAULT_SZEGED = PROJECT.parent / "shared/data/hedging/szeged_news_train.jsonl"


# -- Szeged ------------------------------------------------------------------
def _check_rows(rows, path):
    for r in rows:
        if not isinstance(r.get("text"), str) or r.get("label") not in ("certain", "uncertain"):
            raise DataError(f"{path}: row {r.get('id')!r} does not follow the Szeged schema")
    return rows


def _featurize(finder, text):
    """Cue candidates of one sentence and their features."""
    found = finder.find(text)
    others = [p for _, _, p in found]
    return found, [hedging.occurrence_features(text, a, b, p, finder.kinds[p], others=others)
                   for a, b, p in found]


def fit_szeged(rows, C: float = 1.0, min_count: int = 1, use_lexicons: bool = True,
               seed: int = 0):
    """A cue-occurrence classifier of the shipped family trained on Szeged rows."""
    counts = Counter(hedging._norm(r["text"][a:b]) for r in rows for a, b in r["cues"])
    finder = hedging.CueFinder([p for p, n in counts.items() if n >= min_count],
                               use_lexicons=use_lexicons)
    X, y = [], []
    for r in rows:
        gold = {(a, b) for a, b in r["cues"]}
        found, feats = _featurize(finder, r["text"])
        X += feats
        y += [int((a, b) in gold) for a, b, _ in found]
    clf = hedging.SparseLogit(C=C, seed=seed).fit(X, y)
    return finder, clf


def predict_szeged(model, rows):
    """[(uncertain?, [(start, end)])] per row; one classifier call for all rows."""
    finder, clf = model
    occ, X = [], []
    for i, r in enumerate(rows):
        found, feats = _featurize(finder, r["text"])
        occ += [(i, a, b) for a, b, _ in found]
        X += feats
    P = clf.predict_proba(X)[:, 1] if X else []
    cues = [[] for _ in rows]
    for (i, a, b), p in zip(occ, P):
        if p > 0.5:
            cues[i].append((a, b))
    return [(bool(c), c) for c in cues]


def predict_transfer(model, rows):
    """The shipped corpus model on Szeged sentences, each read as one statement."""
    out = []
    for r in rows:
        t = r["text"]
        doc = TextDoc(t)
        cand = Candidate(0, len(t), "indirect", "sentence", 0, 0)
        label, cues, _ = model.annotate(t, doc, [cand], [None])[0]
        out.append((label != "none", [(a, b) for a, b, _ in cues]))
    return out


def score_szeged(rows, preds) -> dict:
    tp = sum(1 for r, (u, _) in zip(rows, preds) if u and r["label"] == "uncertain")
    sent = prf(tp, sum(1 for u, _ in preds if u), sum(1 for r in rows if r["label"] == "uncertain"))
    ctp = sum(len({tuple(c) for c in r["cues"]} & set(cs)) for r, (_, cs) in zip(rows, preds))
    cue = prf(ctp, sum(len(cs) for _, cs in preds), sum(len(r["cues"]) for r in rows))
    return {"sentence": sent, "cue": cue}


def cross_validate(rows, folds: int = 5, **kw) -> dict:
    """Grouped by doc_id (documents assigned to folds in sorted order, round robin)."""
    docs = sorted({r["doc_id"] for r in rows})
    fold_of = {d: k % folds for k, d in enumerate(docs)}
    preds: list = [None] * len(rows)
    for k in range(folds):
        train = [r for r in rows if fold_of[r["doc_id"]] != k]
        idx = [i for i, r in enumerate(rows) if fold_of[r["doc_id"]] == k]
        model = fit_szeged(train, **kw)
        for i, p in zip(idx, predict_szeged(model, [rows[i] for i in idx])):
            preds[i] = p
    return score_szeged(rows, preds)


def lexicon_baseline(train, evals) -> dict:
    """Every occurrence of a cue phrase seen in training is a cue (the bare lexicon)."""
    counts = Counter(hedging._norm(r["text"][a:b]) for r in train for a, b in r["cues"])
    finder = hedging.CueFinder(list(counts), use_lexicons=False)
    preds = []
    for r in evals:
        cs = [(a, b) for a, b, _ in finder.find(r["text"])]
        preds.append((bool(cs), cs))
    return score_szeged(evals, preds)


def lexicon_cv(rows, folds: int = 5) -> dict:
    docs = sorted({r["doc_id"] for r in rows})
    fold_of = {d: k % folds for k, d in enumerate(docs)}
    tot = {"sentence": Counter(), "cue": Counter()}
    for k in range(folds):
        tr = [r for r in rows if fold_of[r["doc_id"]] != k]
        ev = [r for r in rows if fold_of[r["doc_id"]] == k]
        res = lexicon_baseline(tr, ev)
        for lvl in tot:
            for f in ("tp", "n_pred", "n_gold"):
                tot[lvl][f] += res[lvl][f]
    return {lvl: prf(c["tp"], c["n_pred"], c["n_gold"]) for lvl, c in tot.items()}


# -- corpus and seed -----------------------------------------------------------
def corpus_figures(analyzer, docs) -> dict:
    model = analyzer.models.get("hedging")
    out = {}
    if model is not None:
        g = hedging.score_on_gold(model, docs)
        out["gold_statements"] = {"hedging_macro_f1": g["hedging_macro_f1"]["f1"],
                                  "per_label": g["hedging_macro_f1"]["per_label"],
                                  "hedge_cues": g["hedge_cues"]}
    pred = [analyzer.analyze(d["text"], targets=d.get("targets") or None,
                             id=d.get("id")).to_dict() for d in docs]
    res = score(docs, pred)
    out["end_to_end"] = {"lenient_f1": res["lenient"]["f1"],
                         "hedging_macro_f1": (res["hedging_macro_f1"] or {}).get("f1"),
                         "hedge_cues": res["hedge_cues"]}
    return out, pred


def seed_check(gold: dict, pred: dict) -> dict:
    """Are the seed's hedged statements found with all their cues, and nothing else hedged?"""
    res = {"hedged": []}
    pst = pred["statements"]

    def tok(s):
        return set(s.lower().split())

    used = set()
    for g in gold["statements"]:
        best, bj = 0.0, None
        for j, p in enumerate(pst):
            a, b = tok(g["text"]), tok(p["text"])
            f = 2 * len(a & b) / (len(a) + len(b)) if a and b else 0
            if f > best and j not in used:
                best, bj = f, j
        if best < 0.5:
            bj = None
        if bj is not None:
            used.add(bj)
        if g["hedging"] != "none":
            p = pst[bj] if bj is not None else None
            found = all(any(ps < ge and gs < pe and psrc == gsrc
                            for ps, pe, psrc in (p["hedge_cues"] if p else []))
                        for gs, ge, gsrc in g["hedge_cues"])
            res["hedged"].append({"gold": g["hedging"], "pred": p and p["hedging"],
                                  "all_cues_found": bool(p) and found})
    gold_hedged = sum(1 for g in gold["statements"] if g["hedging"] != "none")
    res["predicted_hedged"] = sum(1 for p in pst if p["hedging"] != "none")
    res["ok"] = (all(h["pred"] == h["gold"] and h["all_cues_found"] for h in res["hedged"])
                 and res["predicted_hedged"] == gold_hedged)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--szeged", type=Path, default=DEFAULT_SZEGED,
                    help="Szeged news train file (cross-validation and transfer)")
    ap.add_argument("--train", type=Path, help="Szeged-schema file to train on")
    ap.add_argument("--eval", type=Path, help="Szeged-schema file to score")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if bool(args.train) != bool(args.eval):
        ap.error("--train and --eval go together")

    an = Analyzer()
    out: dict = {}
    if not args.skip_corpus and not args.train:
        test = read_jsonl(PROJECT / "corpora/test.jsonl")
        out["corpus_test"], _ = corpus_figures(an, test)
        seeds = sorted((PROJECT / "seeds").glob("*.gold.json"))
        for p in seeds:
            gold = json.loads(p.read_text(encoding="utf-8"))
            figs, pred = corpus_figures(an, [gold])
            figs["check"] = seed_check(gold, pred[0])
            out["seed:" + p.name] = figs
    model = an.models.get("hedging")
    if args.train:
        tr = _check_rows(read_jsonl(args.train), args.train)
        ev = _check_rows(read_jsonl(args.eval), args.eval)
        t0 = time.perf_counter()
        res = score_szeged(ev, predict_szeged(fit_szeged(tr), ev))
        out["szeged_train_eval"] = dict(res, seconds=round(time.perf_counter() - t0, 1),
                                        lexicon_baseline=lexicon_baseline(tr, ev))
        if model is not None:
            out["szeged_transfer"] = score_szeged(ev, predict_transfer(model, ev))
    elif args.szeged.is_file():
        rows = _check_rows(read_jsonl(args.szeged), args.szeged)
        t0 = time.perf_counter()
        out["szeged_cv"] = dict(cross_validate(rows, args.folds),
                                seconds=round(time.perf_counter() - t0, 1))
        out["szeged_lexicon_cv"] = lexicon_cv(rows, args.folds)
        if model is not None:
            out["szeged_transfer"] = score_szeged(rows, predict_transfer(model, rows))
    else:
        print(f"no Szeged data at {args.szeged}; skipped", file=sys.stderr)
    if args.json:
        print(json.dumps(out, indent=1, default=float))
    else:
        _print(out)
    return 0


def _print(out: dict, indent: str = "") -> None:
    for k, v in out.items():
        if isinstance(v, dict) and {"p", "r", "f1"} <= set(v):
            print(f"{indent}{k:22s} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}"
                  f"  (tp {v['tp']}, pred {v['n_pred']}, gold {v['n_gold']})")
        elif isinstance(v, dict):
            print(f"{indent}{k}")
            _print(v, indent + "  ")
        elif isinstance(v, float):
            print(f"{indent}{k:22s} {v:.4f}")
        else:
            print(f"{indent}{k:22s} {v}")


if __name__ == "__main__":
    sys.exit(main())
