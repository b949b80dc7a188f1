"""Throughput: words/s and documents/s on one core and on every core, peak memory, model
load time, end to end (every stage of the pipeline, models included when present).

    python benchmarks/throughput.py [--input PATH ...] [--generated 2000] [--repeat 3]
        [--polnear ../shared/data/polnear/dev.jsonl] [--jobs N] [--json results.json]

Corpora: ``--generated N`` articles from ``generate_articles.py`` (default 2,000, about
a million words), PolNeAR dev when the file is present (read at run time, never copied),
and every ``--input`` (JSONL with ``id`` and ``text``). Each figure is measured in a fresh
process (so peak RSS is that run's own: the main process and, with several jobs, the
largest worker), repeated ``--repeat`` times; the best run is reported, because on a
shared machine the slow runs measure the neighbours. Several jobs run ``Analyzer.pipe
(n_jobs=N)``, pool start-up included.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _load_texts(path: str) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def child_pipe(path: str, jobs: int, batch_size: int) -> dict:
    """In a fresh process: analyze every text of ``path`` with ``jobs`` processes."""
    from stance.pipeline import Analyzer

    texts = _load_texts(path)
    words = sum(len(t.split()) for t in texts)
    analyzer = Analyzer()
    t0 = time.perf_counter()
    n_statements = 0
    for article in analyzer.pipe(texts, batch_size=batch_size, n_jobs=jobs):
        n_statements += len(article)
    secs = time.perf_counter() - t0
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": secs, "documents": len(texts), "words": words,
            "statements": n_statements, "peak_rss_mib": max(self_kib, child_kib) / 1024,
            "peak_rss_main_mib": self_kib / 1024, "peak_rss_worker_mib": child_kib / 1024}


def child_load() -> dict:
    """In a fresh process: import time, then the time Analyzer() takes to load models."""
    t0 = time.perf_counter()
    import stance.pipeline
    t1 = time.perf_counter()
    analyzer = stance.pipeline.Analyzer()
    t2 = time.perf_counter()
    return {"import_seconds": t1 - t0, "load_seconds": t2 - t1,
            "stages_with_models": sorted(analyzer.models)}


def _run_child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(path: str, jobs: int, repeat: int, batch_size: int) -> dict:
    runs = [_run_child(["pipe", path, str(jobs), str(batch_size)]) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    return dict(best, jobs=jobs, words_per_s=best["words"] / best["seconds"],
                docs_per_s=best["documents"] / best["seconds"],
                all_seconds=[round(r["seconds"], 3) for r in runs],
                peak_rss_mib=max(r["peak_rss_mib"] for r in runs))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--input", action="append", default=[],
                    help="JSONL with id and text (repeatable)")
    ap.add_argument("--generated", type=int, default=2000,
                    help="generated articles (0: none)")
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"
                                             / "dev.jsonl"))
    ap.add_argument("--jobs", type=int, default=0, help="several-process run (0: all cores)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results" /
                                          "throughput.json"))
    args = ap.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        res = (child_pipe(rest[0], int(rest[1]), int(rest[2])) if kind == "pipe"
               else child_load())
        print(json.dumps(res))
        return 0

    from rich.console import Console
    from rich.table import Table

    from stance.bulk import resolve_jobs

    jobs = args.jobs or resolve_jobs(-1)
    corpora: list[tuple[str, str]] = []
    tmp = None
    if args.generated:
        import generate_articles

        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        tmp.close()
        generate_articles.main(["--n", str(args.generated), "--out", tmp.name])
        corpora.append((f"generated ({args.generated:,} articles)", tmp.name))
    if args.polnear and Path(args.polnear).is_file():
        corpora.append(("PolNeAR dev", args.polnear))
    for p in args.input:
        corpora.append((Path(p).name, p))

    loads = [_run_child(["load"]) for _ in range(args.repeat)]
    load = min(loads, key=lambda r: r["load_seconds"])
    result = {"cores": resolve_jobs(-1), "jobs": jobs, "repeat": args.repeat,
              "load_seconds": load["load_seconds"], "import_seconds": min(
                  r["import_seconds"] for r in loads),
              "stages_with_models": load["stages_with_models"],
              "loadavg_before": os.getloadavg(), "corpora": []}
    table = Table(title=f"stance throughput (best of {args.repeat}; "
                        f"models: {', '.join(load['stages_with_models']) or 'none'})")
    for col in ("corpus", "docs", "words", "jobs", "words/s", "docs/s", "speed-up",
                "peak RSS MiB"):
        table.add_column(col, justify="right" if col != "corpus" else "left")
    try:
        for name, path in corpora:
            one = measure(path, 1, args.repeat, args.batch_size)
            runs = [one]
            if jobs > 1:
                runs.append(measure(path, jobs, args.repeat, args.batch_size))
            for r in runs:
                r["speedup"] = r["words_per_s"] / one["words_per_s"]
                table.add_row(name, f"{r['documents']:,}", f"{r['words']:,}", str(r["jobs"]),
                              f"{r['words_per_s']:,.0f}", f"{r['docs_per_s']:,.1f}",
                              f"{r['speedup']:.2f}x", f"{r['peak_rss_mib']:.0f}")
            result["corpora"].append({"name": name, "path": path, "runs": runs})
    finally:
        if tmp is not None:
            os.unlink(tmp.name)
    result["loadavg_after"] = os.getloadavg()
    console = Console()
    console.print(table)
    console.print(f"model load {result['load_seconds']:.3f} s "
                  f"(import {result['import_seconds']:.3f} s); load average "
                  f"{result['loadavg_before'][0]:.2f} before, "
                  f"{result['loadavg_after'][0]:.2f} after")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    console.print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
