"""Stance benchmarks: FNC-1, Emergent, and the project's corpus.

    PYTHONPATH=. python benchmarks/stance.py fnc1 [--train STANCES BODIES] [--eval STANCES BODIES] [--json]
    PYTHONPATH=. python benchmarks/stance.py emergent [--train PATH] [--folds 5] [--json]
    PYTHONPATH=. python benchmarks/stance.py corpus [--eval PATH ...] [--json]

FNC-1: the classifier family of the shipped model (``stance.stance_features.TwoStageStance``)
is trained, for this run only, on the FNC-1 train part and scored on the dev part (pairs
whose body is in ``dev_split.json``): FNC-1 weighted score (official scorer: 0.25 for
related/unrelated right, 0.75 more for the right label among agree/disagree/discuss, over
the score of gold against itself), per-class F1, macro-F1, and pairs per second of
prediction on one core (features included, bodies analysed once). With ``--train`` and
``--eval`` any stances/bodies files in the shared schema are used instead of the split.

Emergent: cross-validation grouped by claim (no claim in both train and test folds), or
``--train``/``--eval`` files; accuracy, per-class F1, macro-F1.

Corpus: the shipped model (``models/stance``) predicts on gold statement spans of
``corpora/test.jsonl`` (and the seed, target ``Syrian government``); ANNOTATION.md stance
metrics (macro-F1 over favor/against/neutral, pooled over targets), i.e. stance alone,
independent of statement detection.

The third-party data are read from ``../shared/data`` (or the given paths) at run time;
models trained on them are thrown away.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: pairs/s are per core

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# this file is called stance.py: keep its folder from shadowing the stance package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FNC_MAP = {"agree": "favor", "disagree": "against", "discuss": "neutral",
           "unrelated": "unrelated"}
FNC_BACK = {v: k for k, v in FNC_MAP.items()}
EMERGENT_MAP = {"for": "favor", "against": "against", "observing": "neutral"}
EMERGENT_BACK = {v: k for k, v in EMERGENT_MAP.items()}


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def per_class(gold, pred, labels):
    out = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0
    return out


def fnc_score(gold, pred) -> float:
    """The official FNC-1 score, relative to the maximum (gold against itself)."""
    def raw(g_list, p_list):
        s = 0.0
        for g, p in zip(g_list, p_list):
            if (g == "unrelated") == (p == "unrelated"):
                s += 0.25
                if g != "unrelated" and g == p:
                    s += 0.75
        return s
    return raw(gold, pred) / raw(gold, gold)


# -- FNC-1 -------------------------------------------------------------------------------

def _lead(body: str, n: int = 3) -> str:
    import re
    parts = re.split(r"(?<=[.!?])\s+", body.strip(), maxsplit=n)
    return " ".join(parts[:n])


def make_fnc_pairs(stances, bodies):
    from stance.stance_features import Pair
    leads = {b: _lead(t) for b, t in bodies.items()}
    return [Pair(s["headline"], bodies[s["body_id"]], leads[s["body_id"]]) for s in stances]


def load_fnc(stances_path, bodies_path):
    bodies = {r["body_id"]: r["body"] for r in read_jsonl(bodies_path)}
    return read_jsonl(stances_path), bodies


def run_fnc(args) -> dict:
    from stance.stance_features import TwoStageStance

    if args.train:
        tr_st, tr_b = load_fnc(*args.train)
    else:
        tr_st, tr_b = load_fnc(DATA / "fnc1/train_stances.jsonl", DATA / "fnc1/train_bodies.jsonl")
    if args.eval:
        ev_st, ev_b = load_fnc(*args.eval)
    else:
        ev_st, ev_b = tr_st, tr_b
    if not args.train and not args.eval:
        dev_ids = set(json.loads((DATA / "fnc1/dev_split.json").read_text())["body_ids"])
        ev_st = [s for s in tr_st if s["body_id"] in dev_ids]
        tr_st = [s for s in tr_st if s["body_id"] not in dev_ids]
    t0 = time.perf_counter()
    model = TwoStageStance(**args.params).fit(
        make_fnc_pairs(tr_st, tr_b), [FNC_MAP[s["label"]] for s in tr_st],
        [s["body_id"] for s in tr_st])
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = [FNC_BACK[p] for p in model.predict(make_fnc_pairs(ev_st, ev_b))]
    pred_s = time.perf_counter() - t0
    gold = [s["label"] for s in ev_st]
    f1 = per_class(gold, pred, ("agree", "disagree", "discuss", "unrelated"))
    return {"protocol": "fnc1", "train_pairs": len(tr_st), "eval_pairs": len(ev_st),
            "weighted_score": round(fnc_score(gold, pred), 4), "per_class_f1": f1,
            "macro_f1": round(float(np.mean(list(f1.values()))), 4),
            "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred)])), 4),
            "pairs_per_second": round(len(ev_st) / pred_s), "train_seconds": round(train_s, 1),
            "params": args.params}


# -- Emergent ----------------------------------------------------------------------------

def _emergent_fit_predict(train, test, params):
    from stance.stance_features import Pair, TwoStageStance
    model = TwoStageStance(**params).fit(
        [Pair(r["claim"], r["headline"]) for r in train],
        [EMERGENT_MAP[r["label"]] for r in train], [r["claim_id"] for r in train])
    return [EMERGENT_BACK.get(p, "observing") for p in
            model.predict([Pair(r["claim"], r["headline"]) for r in test])]


def run_emergent(args) -> dict:
    from sklearn.model_selection import GroupKFold

    train = read_jsonl(args.train[0] if args.train else DATA / "emergent/train.jsonl")
    if args.eval:
        test = read_jsonl(args.eval[0])
        gold, pred = [r["label"] for r in test], _emergent_fit_predict(train, test, args.params)
        protocol = "train/eval files"
    else:
        gold, pred = [], []
        groups = [r["claim_id"] for r in train]
        for tr, te in GroupKFold(n_splits=args.folds).split(train, groups=groups):
            test = [train[i] for i in te]
            gold += [r["label"] for r in test]
            pred += _emergent_fit_predict([train[i] for i in tr], test, args.params)
        protocol = f"{args.folds}-fold cross-validation grouped by claim"
    f1 = per_class(gold, pred, ("for", "against", "observing"))
    return {"protocol": "emergent: " + protocol, "pairs": len(gold),
            "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred)])), 4),
            "per_class_f1": f1, "macro_f1": round(float(np.mean(list(f1.values()))), 4),
            "params": args.params}


# -- corpus ------------------------------------------------------------------------------

def run_corpus(args) -> dict:
    from stance import modelio
    from stance.scoring import score

    model = modelio.load_stage("stance", args.models, trust=args.models is not None)
    paths = args.eval or [str(ROOT / "corpora/test.jsonl"),
                          str(ROOT / "seeds/000_c4c0a6a114c8052c.gold.json")]
    out = {"protocol": "corpus: gold statement spans, shipped model"}
    for path in paths:
        gold = (read_jsonl(path) if path.endswith(".jsonl")
                else [json.loads(Path(path).read_text(encoding="utf-8"))])
        pred = []
        t0 = time.perf_counter()
        n_pairs = 0
        for d in gold:
            items = [(s["start"], s["end"], s.get("speaker")) for s in d["statements"]]
            res = model.predict(d["text"], items, d["targets"])
            n_pairs += len(items) * len(d["targets"])
            stmts = [dict(s, stance={t: lab for t, (lab, _) in zip(d["targets"], r)})
                     for s, r in zip(d["statements"], res)]
            pred.append(dict(d, statements=stmts))
        secs = time.perf_counter() - t0
        st = score(gold, pred)["stance"]
        out[Path(path).name] = {"documents": len(gold), "pairs": n_pairs,
                                "stance_macro_f1": round(st["pooled"]["f1"], 4),
                                "per_target": {t: round(v["f1"], 4) for t, v in
                                               st.get("per_target", {}).items()}
                                if len(gold) == 1 else None,
                                "pairs_per_second": round(n_pairs / secs)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("protocol", choices=("fnc1", "emergent", "corpus"))
    ap.add_argument("--train", nargs="+", default=None,
                    help="fnc1: STANCES BODIES; emergent: PATH")
    ap.add_argument("--eval", nargs="+", default=None,
                    help="fnc1: STANCES BODIES; emergent: PATH; corpus: gold files")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--models", default=None, help="corpus: models folder (trusted)")
    ap.add_argument("--params", type=json.loads, default={},
                    help="JSON of TwoStageStance parameters")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for flag in ("train", "eval"):
        paths = getattr(args, flag)
        want = 2 if args.protocol == "fnc1" else None
        if paths and want and len(paths) != want:
            ap.error(f"--{flag} for fnc1 takes a stances file and a bodies file")
    if args.protocol != "corpus" and not args.train and not DATA.is_dir():
        print(f"no shared data at {DATA}; pass --train/--eval", file=sys.stderr)
        return 1
    run = {"fnc1": run_fnc, "emergent": run_emergent, "corpus": run_corpus}[args.protocol]
    res = run(args)
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        for k, v in res.items():
            print(f"{k:>18}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
