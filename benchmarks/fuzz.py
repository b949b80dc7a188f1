"""Long fuzzing run of the property tests, outside CI.

Runs the hypothesis strategies of ``tests/strategies.py`` against the invariants of
``tests/test_properties.py`` (offsets, nesting, labels, JSON round trip, ``pipe`` equals
``analyze``, typed errors for non-text) in chunks until ``--examples`` examples have been
tried or ``--seconds`` have passed, and reports examples tried and failures::

    python benchmarks/fuzz.py --examples 1000000 --jobs 1 --out benchmarks/results/fuzz

Progress goes to ``<out>.json`` after every chunk (examples, failures, rate); each failure's
shrunk falsifying example goes to ``<out>.failures.txt``. Exit status 1 if anything failed.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _worker(job: int, examples: int, seconds: float, chunk: int, queue) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    from stance.errors import InputError
    from stance.pipeline import Analyzer
    from tests.strategies import any_text, non_strings, targets
    from tests.test_properties import check_article, check_round_trip

    analyzer = Analyzer()
    count = [0]
    cfg = settings(max_examples=chunk, deadline=None, database=None, derandomize=False,
                   phases=[Phase.generate, Phase.shrink], print_blob=True,
                   suppress_health_check=list(HealthCheck))

    @cfg
    @given(text=any_text(), tgts=targets())
    def text_property(text, tgts):
        count[0] += 1
        art = analyzer.analyze(text, targets=tgts)
        norm = () if tgts is None else (tgts,) if isinstance(tgts, str) else tuple(tgts)
        check_article(text, norm, art)
        check_round_trip(art)
        (piped,) = analyzer.pipe([(text, tgts)])
        assert piped.to_dict() == art.to_dict(), "pipe differs from analyze"

    @cfg
    @given(value=non_strings())
    def non_text_property(value):
        count[0] += 1
        try:
            analyzer.analyze(value)
        except InputError:
            return
        raise AssertionError(f"{value!r} did not raise InputError")

    start = time.time()
    rounds = 0
    while count[0] < examples and time.time() - start < seconds:
        prop = non_text_property if rounds % 20 == 19 else text_property
        rounds += 1
        before = count[0]
        try:
            prop()
            failure = None
        except Exception as exc:  # a falsified invariant or a crash: record, go on
            failure = "".join(traceback.format_exception(exc))
        queue.put((job, count[0] - before, failure))
    queue.put((job, 0, "DONE"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=1_000_000, help="total examples to try")
    ap.add_argument("--seconds", type=float, default=float("inf"), help="time limit")
    ap.add_argument("--jobs", type=int, default=1, help="parallel processes")
    ap.add_argument("--chunk", type=int, default=2000, help="examples per hypothesis run")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "fuzz"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fail_path = out.with_suffix(".failures.txt")
    fail_path.write_text("", encoding="utf-8")
    per_job = -(-args.examples // args.jobs)
    queue = mp.Queue()
    procs = [mp.Process(target=_worker, args=(j, per_job, args.seconds, args.chunk, queue))
             for j in range(args.jobs)]
    for p in procs:
        p.start()
    start, tried, failures, running = time.time(), 0, 0, args.jobs
    while running:
        job, n, failure = queue.get()
        if failure == "DONE":
            running -= 1
            continue
        tried += n
        if failure:
            failures += 1
            with open(fail_path, "a", encoding="utf-8") as fh:
                fh.write(f"--- job {job}, after {tried} examples\n{failure}\n")
        elapsed = time.time() - start
        status = {"examples": tried, "failures": failures, "seconds": round(elapsed, 1),
                  "examples_per_second": round(tried / elapsed, 1) if elapsed else None,
                  "jobs": args.jobs, "target": args.examples,
                  "command": " ".join(sys.argv)}
        out.with_suffix(".json").write_text(json.dumps(status, indent=1) + "\n",
                                            encoding="utf-8")
    for p in procs:
        p.join()
    print(f"{tried:,} examples, {failures} failures in {time.time() - start:,.0f} s"
          + (f" (see {fail_path})" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
