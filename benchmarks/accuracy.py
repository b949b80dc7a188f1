"""Accuracy of the shipped statement and speaker models (ANNOTATION.md metrics).

    python benchmarks/accuracy.py                      # corpus test, seed, PolNeAR dev
    python benchmarks/accuracy.py --eval some.jsonl    # any gold or PolNeAR-schema file
    python benchmarks/accuracy.py --train ../shared/data/polnear/train.jsonl \\
        --eval ../shared/data/polnear/dev.jsonl        # architecture check on any split
    python benchmarks/accuracy.py --json

Architecture check: the same statement and speaker model families are fitted on the
``--train`` file (default PolNeAR train when ``--shared`` holds it; the last 10% of its
documents serve as the dev part for model selection) into a temporary folder, and scored
on each evaluation file next to the shipped models. Nothing from it is written to the
project. Files in PolNeAR's schema (``quotes``) are scored with ``--subset speech``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from stance import modelio  # noqa: E402
from stance.pipeline import Analyzer  # noqa: E402
from stance.scoring import load_docs, score  # noqa: E402
from stance.train import _summary  # noqa: E402

ROWS = ("documents", "lenient_f1", "exact_f1", "attributed_f1", "kind_accuracy",
        "cue_accuracy", "speaker_mention_accuracy", "canonical_speaker_accuracy",
        "hedging_macro_f1", "hedge_cue_f1", "stance_macro_f1")


def is_polnear(docs) -> bool:
    return bool(docs) and docs[0].get("statements") is None and "quotes" in docs[0]


def evaluate(analyzer: Analyzer, docs, subset=None) -> dict:
    t0 = time.perf_counter()
    pred = [analyzer.analyze(d["text"], targets=d.get("targets") or None,
                             id=str(d.get("id"))).to_dict() for d in docs]
    secs = time.perf_counter() - t0
    res = _summary(score(docs, pred, subset))
    words = sum(len(d["text"].split()) for d in docs)
    res["words_per_second"] = round(words / secs) if secs else None
    return res


def train_throwaway(train_path: Path, out: Path, seed: int = 0) -> dict:
    from stance import speaker_model, statement_model

    docs = load_docs(train_path)
    cut = max(1, len(docs) * 9 // 10)
    train, dev = docs[:cut], docs[cut:]
    params = {}
    for stage, mod in (("statements", statement_model), ("speakers", speaker_model)):
        t0 = time.perf_counter()
        model, p = mod.fit(train, dev, seed=seed)
        modelio.save_stage(stage, model, {"parameters": p, "throwaway": str(train_path)}, out)
        params[stage] = dict(p, seconds=round(time.perf_counter() - t0, 1))
    return params


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", action="append", default=None,
                    help="gold file(s) to score (default: corpus test, seeds, PolNeAR dev)")
    ap.add_argument("--train", default=None,
                    help="train throwaway models on this file for the architecture check")
    ap.add_argument("--no-arch", action="store_true", help="skip the architecture check")
    ap.add_argument("--shared", default=str(PROJECT.parent / "shared"))
    ap.add_argument("--models", default=None, help="models folder (default: models/)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    shared = Path(args.shared)
    pn_dev = shared / "data/polnear/dev.jsonl"
    pn_train = shared / "data/polnear/train.jsonl"
    if args.eval:
        evals = {Path(p).name: Path(p) for p in args.eval}
    else:
        evals = {"corpus test": PROJECT / "corpora/test.jsonl"}
        for p in sorted((PROJECT / "seeds").glob("*.gold.json")):
            evals["seed " + p.name.split(".")[0]] = p
        if pn_dev.is_file():
            evals["PolNeAR dev (speech)"] = pn_dev
    train_path = Path(args.train) if args.train else (pn_train if pn_train.is_file() else None)
    if args.no_arch:
        train_path = None

    shipped = Analyzer(models_dir=args.models, model_stages=Analyzer.STAGES)
    report = {"shipped_stages": sorted(shipped.models), "results": {}}
    arch = None
    if train_path is not None:
        tmp = tempfile.TemporaryDirectory()
        report["architecture_check"] = {"train": str(train_path),
                                        "parameters": train_throwaway(train_path,
                                                                      Path(tmp.name))}
        arch = Analyzer(models_dir=tmp.name, trust_models=True, model_stages=Analyzer.STAGES)
    for name, path in evals.items():
        docs = load_docs(path)
        subset = "speech" if is_polnear(docs) else None
        row = {"shipped": evaluate(shipped, docs, subset)}
        if arch is not None:
            row["throwaway"] = evaluate(arch, docs, subset)
        report["results"][name] = row
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"shipped stages: {', '.join(report['shipped_stages']) or '(rules only)'}")
    if arch is not None:
        print(f"architecture check: throwaway statement+speaker models trained on {train_path}")
    for name, row in report["results"].items():
        cols = list(row)
        print(f"\n{name}")
        print(f"  {'metric':28}" + "".join(f"{c:>12}" for c in cols))
        for k in ROWS + ("words_per_second",):
            vals = [row[c].get(k) for c in cols]
            if all(v is None for v in vals):
                continue
            print(f"  {k:28}" + "".join(
                f"{'-' if v is None else (f'{v:.3f}' if isinstance(v, float) else v):>12}"
                for v in vals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
