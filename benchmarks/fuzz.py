"""Long fuzzing run of the property tests, outside CI.

Runs the strategies of ``tests/strategies.py`` against the invariants of
``tests/test_properties.py`` (offsets, nesting, labels, JSON round trip, ``pipe`` equals
``analyze``, typed errors for non-text) in chunks until ``--examples`` examples have been
tried or ``--seconds`` have passed, and reports examples tried and failures::

    python benchmarks/fuzz.py --examples 1000000 --jobs 1 --out benchmarks/results/fuzz

``--mode hypothesis`` draws every example through hypothesis (shrinks failures, but
drawing costs more than analysing); ``--mode random`` builds the same article-like and
hostile texts from the same vocabulary and frames with ``random.Random`` (several times
faster; a failure is recorded unshrunk with its seed); ``--mode mixed`` (default) runs one
hypothesis chunk per ``--ratio`` random chunks.

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


TARGETS = [None, "the plan", ["the army", "Ana Ruiz"], ["the dam"], []]
NON_TEXT = [None, b"said", bytearray(b"x"), 0, 1.5, True, ["said"], {"text": "x"}, ("x",)]


def _worker(job: int, examples: int, seconds: float, chunk: int, queue, mode: str = "mixed",
            ratio: int = 10, seed: int = 0) -> None:
    import random

    from hypothesis import HealthCheck, Phase, given, settings

    from stance.errors import InputError
    from stance.pipeline import Analyzer
    from tests.strategies import (any_text, non_strings, random_article,
                                  random_hostile_text, targets)
    from tests.test_properties import check_article, check_round_trip

    analyzer = Analyzer()
    count = [0]
    cfg = settings(max_examples=chunk, deadline=None, database=None, derandomize=False,
                   phases=[Phase.generate, Phase.shrink], print_blob=True,
                   suppress_health_check=list(HealthCheck))

    def check_text(text, tgts, pipe=True):
        art = analyzer.analyze(text, targets=tgts)
        norm = () if tgts is None else (tgts,) if isinstance(tgts, str) else tuple(tgts)
        check_article(text, norm, art)
        check_round_trip(art)
        if pipe:
            (piped,) = analyzer.pipe([(text, tgts)])
            assert piped.to_dict() == art.to_dict(), "pipe differs from analyze"

    @cfg
    @given(text=any_text(), tgts=targets())
    def text_property(text, tgts):
        count[0] += 1
        check_text(text, tgts)

    def random_chunk(chunk_seed: int) -> None:
        """``chunk`` examples from one seeded generator; raises on the first failure."""
        rng = random.Random(chunk_seed)
        for k in range(chunk):
            count[0] += 1
            roll = rng.random()
            if roll < 0.05:
                value = rng.choice(NON_TEXT)
                try:
                    analyzer.analyze(value)
                except InputError:
                    continue
                raise AssertionError(f"seed {chunk_seed}: {value!r} did not raise InputError")
            text = random_article(rng) if roll < 0.8 else random_hostile_text(rng, 400)
            tgts = rng.choice(TARGETS)
            try:
                check_text(text, tgts, pipe=k % 10 == 0)  # pipe re-analyses: 1 in 10
            except Exception as exc:
                raise AssertionError(f"seed {chunk_seed}: text={text!r} targets={tgts!r}") \
                    from exc

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
        hyp = mode == "hypothesis" or (mode == "mixed" and rounds % (ratio + 1) == ratio)
        prop = (non_text_property if rounds % 20 == 19 else text_property) if hyp else None
        rounds += 1
        before = count[0]
        try:
            if prop is not None:
                prop()
            else:
                random_chunk(seed * 1_000_003 + job * 100_003 + rounds)
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
    ap.add_argument("--chunk", type=int, default=2000, help="examples per chunk")
    ap.add_argument("--mode", choices=("mixed", "random", "hypothesis"), default="mixed")
    ap.add_argument("--ratio", type=int, default=10,
                    help="random chunks per hypothesis chunk in mixed mode")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "fuzz"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fail_path = out.with_suffix(".failures.txt")
    fail_path.write_text("", encoding="utf-8")
    per_job = -(-args.examples // args.jobs)
    queue = mp.Queue()
    procs = [mp.Process(target=_worker, args=(j, per_job, args.seconds, args.chunk, queue,
                                              args.mode, args.ratio, args.seed))
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
                  "jobs": args.jobs, "target": args.examples, "mode": args.mode,
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
