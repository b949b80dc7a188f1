"""``stance train``: fit every shipped model from the project's corpus, write the cards.

Each stage lives in its own module with a function

    fit(train_docs, dev_docs, seed=0) -> (model, parameters)

where the docs are gold dictionaries (ANNOTATION.md schema) from ``corpora/train.jsonl``
and ``corpora/dev.jsonl`` (dev is for model selection only), ``model`` is the object the
pipeline calls, and ``parameters`` the hyper-parameters chosen (recorded in the card).
After all stages are fitted, the full pipeline is scored on the corpus test split, the
seed, and PolNeAR dev when the shared data are present; the figures go into every card.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import time
from pathlib import Path

from . import __version__, modelio
from .errors import DataError

STAGES = {
    "statements": "stance.statement_model",
    "speakers": "stance.speaker_model",
    "hedging": "stance.hedging",
    "stance": "stance.targets",
}
PROJECT = modelio.PROJECT


def read_jsonl(path: Path) -> list[dict]:
    from .scoring import parse_jsonl

    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    return parse_jsonl(raw, path)


def load_corpus(corpus_dir: Path) -> dict[str, list[dict]]:
    corpus_dir = Path(corpus_dir)
    return {s: read_jsonl(corpus_dir / f"{s}.jsonl") for s in ("train", "dev", "test")}


def corpus_hash(corpus_dir: Path) -> str:
    h = hashlib.sha256()
    for s in ("train", "dev", "test"):
        h.update((Path(corpus_dir) / f"{s}.jsonl").read_bytes())
    return h.hexdigest()


def _summary(res: dict) -> dict:
    """The headline figures of a scoring.score() result."""
    r3 = lambda x: None if x is None else round(x, 4)  # noqa: E731
    out = {"documents": res["docs"]}
    for k in ("lenient", "exact", "attributed"):
        out[f"{k}_f1"] = r3(res[k]["f1"])
    for k in ("kind", "cue", "speaker_mention", "canonical_speaker"):
        out[f"{k}_accuracy"] = r3((res.get(f"{k}_acc") or {}).get("acc"))
    out["hedging_macro_f1"] = r3((res.get("hedging_macro_f1") or {}).get("f1"))
    out["hedge_cue_f1"] = r3((res.get("hedge_cues") or {}).get("f1"))
    out["stance_macro_f1"] = r3((res.get("stance") or {}).get("pooled", {}).get("f1"))
    return out


def evaluate_models(models_dir: Path, corpus_dir: Path, shared: Path | None) -> dict:
    """Score the pipeline with the models in ``models_dir`` on every available eval set."""
    from .pipeline import Analyzer
    from .scoring import score

    an = Analyzer(models_dir=models_dir, trust_models=True, model_stages=Analyzer.STAGES)
    sets = {"corpus_test": (read_jsonl(Path(corpus_dir) / "test.jsonl"), None)}
    seed_dir = PROJECT / "seeds"
    seed_gold = sorted(seed_dir.glob("*.gold.json"))
    if seed_gold:
        sets["seed"] = ([json.loads(p.read_text(encoding="utf-8")) for p in seed_gold], None)
    if shared and (Path(shared) / "data/polnear/dev.jsonl").is_file():
        sets["polnear_dev_speech"] = (read_jsonl(Path(shared) / "data/polnear/dev.jsonl"),
                                      "speech")
    out = {}
    for name, (gold, subset) in sets.items():
        pred = [an.analyze(d["text"], targets=d.get("targets") or None, id=d.get("id")).to_dict()
                for d in gold]
        res = score(gold, pred, subset)
        out[name] = _summary(res)
    return out


def train(corpus_dir: Path | None = None, models_dir: Path | None = None,
          stages=None, seed: int = 0, shared: Path | None = None, log=print) -> dict:
    """Fit the stages (all by default), save them with cards, score the pipeline.

    Writing the project's own ``models/`` also records the new files' hashes as the
    trusted shipped models. Returns ``{stage: card}``.
    """
    corpus_dir = Path(corpus_dir or PROJECT / "corpora")
    models_dir = Path(models_dir or modelio.default_models_dir())
    data = load_corpus(corpus_dir)
    data_hash = corpus_hash(corpus_dir)
    cards = {}
    for stage in stages or STAGES:
        try:
            mod = importlib.import_module(STAGES[stage])
        except ModuleNotFoundError:
            mod = None
        if not hasattr(mod, "fit"):
            log(f"{stage}: no trainer yet in {STAGES[stage]}; skipped")
            continue
        t0 = time.perf_counter()
        model, params = mod.fit(data["train"], data["dev"], seed=seed)
        card = {
            "library_version": __version__, "training_data_sha256": data_hash,
            "training_data": {"corpus": str(corpus_dir.relative_to(PROJECT))
                              if corpus_dir.is_relative_to(PROJECT) else str(corpus_dir),
                              "train_documents": len(data["train"]),
                              "dev_documents": len(data["dev"])},
            "seed": seed, "parameters": params,
            "training_seconds": round(time.perf_counter() - t0, 1),
        }
        cards[stage] = modelio.save_stage(stage, model, card, models_dir)
        log(f"{stage}: trained in {card['training_seconds']} s")
    if cards:
        metrics = evaluate_models(models_dir, corpus_dir, shared)
        for stage, card in cards.items():
            card.pop("training_seconds", None)  # keeps the card reproducible
            card["metrics"] = metrics
            modelio.write_card(stage, card, models_dir)
        log(json.dumps(metrics, indent=1))
        if models_dir.resolve() == (PROJECT / "models").resolve():
            modelio.record_trusted({s: c["files"][modelio.MODEL_FILE] for s, c in cards.items()})
    return cards
