"""The ``stance`` command: analyze, score, evaluate, corpus, train."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dataclasses import replace

from . import __version__
from .errors import StanceError
from .pipeline import Analyzer
from .targets import propose_targets

PROJECT = Path(__file__).resolve().parent.parent


def _read_inputs(paths: list[str], targets: list[str] | None):
    """Yield (id, text, targets) from text files, JSONL files (``id``, ``text``,
    optional ``targets``), or standard input when no path (or ``-``) is given."""
    if not paths:
        paths = ["-"]
    for p in paths:
        if p == "-":
            data = sys.stdin.read()
            name = "stdin"
        else:
            with open(p, encoding="utf-8", errors="strict") as fh:
                data = fh.read()
            name = Path(p).stem
        if p.endswith(".jsonl"):
            for ln, line in enumerate(data.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise StanceError(f"{p}:{ln}: not JSON ({exc.msg})") from exc
                if not isinstance(rec, dict) or "text" not in rec:
                    raise StanceError(f"{p}:{ln}: a record needs a 'text' field")
                yield (str(rec.get("id", f"{name}:{ln}")), rec["text"],
                       rec.get("targets") or targets)
        else:
            yield name, data, targets


def _print_table(article, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=True)
    for col in ("speaker", "cue", "kind", "content", "hedging", "stance"):
        table.add_column(col, overflow="fold")
    for st in article:
        who = st.speaker.name or "(unnamed)"
        if st.speaker.mention and st.speaker.mention.text != who:
            who += f"\n[dim]{st.speaker.mention.text}[/dim]"
        who += f"\n[dim]{st.speaker.type}[/dim]"
        hedge = st.hedging
        if st.hedge_cues:
            hedge += "\n" + ", ".join(f"{c.text} ({c.source})" for c in st.hedge_cues)
        stance = "\n".join(f"{s.target}: {s.label}" for s in st.stance)
        table.add_row(who, st.cue.text if st.cue else "—", st.kind, st.text, hedge, stance)
    Console().print(table)
    Console().print(f"{len(article)} statements")


def cmd_analyze(args) -> int:
    analyzer = Analyzer()
    out = sys.stdout
    docs = []
    for doc_id, text, targets in _read_inputs(args.inputs, args.targets):
        if args.id is not None and not any(p.endswith(".jsonl") for p in args.inputs):
            doc_id = args.id
        article = analyzer.analyze(text, targets=targets, id=doc_id)
        if not targets and article.statements:
            # no targets given: stance toward the article's most salient actors
            proposed = tuple(propose_targets(article))
            if proposed:
                article = replace(analyzer.analyze(text, targets=proposed, id=doc_id),
                                  proposed_targets=proposed)
        record = article.to_dict()
        if article.proposed_targets:
            record["proposed_targets"] = list(article.proposed_targets)
        if args.format == "table":
            _print_table(article, doc_id + (f" (proposed targets: "
                                            f"{', '.join(article.proposed_targets)})"
                                            if article.proposed_targets else ""))
        elif args.format == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            docs.append(record)
    if args.format == "json":
        json.dump(docs[0] if len(docs) == 1 else docs, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return 0


def _progress_bar():
    """A rich progress bar (documents/s, words/s, ETA) and the callback that feeds it."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    bar = Progress(TextColumn("[bold]scoring"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[docs_s]:,.0f} docs/s"),
                   TextColumn("{task.fields[words_s]:,.0f} words/s"),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   transient=False)
    task = bar.add_task("score", total=None, docs_s=0.0, words_s=0.0)
    start = time.perf_counter()
    first: list[int] = []

    def update(done, total, docs, words):
        elapsed = max(time.perf_counter() - start, 1e-9)
        if not first:
            # Records skipped on resume are already done: they do not count as speed.
            first.append(done - docs)
            bar.update(task, completed=done - docs)
        bar.update(task, total=total, completed=done, docs_s=docs / elapsed,
                   words_s=words / elapsed)

    return bar, update


def cmd_score(args) -> int:
    from contextlib import nullcontext

    from . import bulk

    client = None
    if args.backend == "dask":
        try:
            from dask.distributed import Client
        except ImportError:
            raise StanceError("--backend dask needs dask.distributed: "
                              "pip install 'stance[dask]'") from None
        if not args.scheduler:
            raise StanceError("--backend dask needs --scheduler ADDRESS")
        client = Client(args.scheduler)
    config = {"trust_models": args.trust_models}
    if args.models:
        config["models_dir"] = args.models
    show = not args.quiet
    bar, update = _progress_bar() if show else (nullcontext(), None)
    try:
        with bar:
            summary = bulk.score_file(
                args.input, args.out, text_column=args.text_column,
                id_column=args.id_column, targets=args.targets, n_jobs=args.jobs,
                batch_size=args.batch_size, errors=args.errors, client=client,
                analyzer_config=config, progress=update)
    finally:
        if client is not None:
            client.close()
    s = summary
    speed = (f"{s.scored / s.seconds:,.0f} docs/s, {s.words / s.seconds:,.0f} words/s"
             if s.seconds > 0 else "")
    print(f"scored {s.scored:,} documents ({s.statements:,} statements, {s.words:,} words) "
          f"in {s.seconds:.1f} s: {speed}; failed {s.failed:,}; skipped {s.skipped:,} "
          f"already done\noutput: {s.output}\nerrors: {s.errors_file} "
          f"({s.errors_total:,} in all)", file=sys.stderr)
    if args.summary_json:
        print(json.dumps(s.as_dict()))
    return 1 if s.errors_total else 0


def cmd_evaluate(args) -> int:
    from .scoring import format_table, load_docs, score

    res = score(load_docs(args.gold), load_docs(args.pred), args.subset, args.threshold)
    if args.json:
        print(json.dumps(res, indent=1, sort_keys=True))
    else:
        print(format_table(res))
    return 0


def cmd_corpus(args) -> int:
    from . import corpus

    root = Path(args.dir)
    if args.action == "build":
        counts = corpus.build(root, skip_invalid=args.skip_invalid)
        for e in counts.pop("skipped"):
            print("SKIPPED", e)
        print(json.dumps(counts))
        return 0
    if args.action == "check":
        report = corpus.check_corpus(root)
        for p in report.problems:
            print("PROBLEM", p)
        print(f"{report.documents} documents, {report.statements} statements, "
              f"{len(report.problems)} problems")
        return 0 if report.ok else 1
    if args.action == "agreement":
        print(json.dumps(corpus.agreement(root), indent=1))
        return 0
    stats = corpus.corpus_stats(root)
    print(corpus.stats_markdown(stats) if args.markdown else json.dumps(stats, indent=1))
    return 0


def cmd_train(args) -> int:
    from .train import STAGES, train

    shared = Path(args.shared) if args.shared else None
    if shared is None and (PROJECT.parent / "shared").is_dir():
        shared = PROJECT.parent / "shared"
    stages = args.stages or list(STAGES)
    train(Path(args.corpus), Path(args.out) if args.out else None, stages=stages,
          seed=args.seed, shared=shared,
          log=lambda msg: print(msg, file=sys.stderr))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="stance", description=__doc__)
    ap.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="find the statements of articles")
    a.add_argument("inputs", nargs="*", help="text files, JSONL files (id, text, targets), "
                   "or - for standard input")
    a.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    a.add_argument("--targets", nargs="+", default=None,
                   help="stance targets; without them (and without targets in a JSONL "
                   "record) the article's most salient actors are proposed as targets: the "
                   "table names them, JSON gives them as 'targets' (stance filled) and "
                   "'proposed_targets'")
    a.add_argument("--id", default=None,
                   help="document id for a single text input (default: the file name)")
    a.set_defaults(func=cmd_analyze)

    s = sub.add_parser("score", help="score a large collection: resumable, in parallel, "
                       "with an errors file")
    s.add_argument("input", help="JSONL, CSV, Parquet (file or folder of parts) or a saved "
                   "datasets folder")
    s.add_argument("--out", required=True, help="output: a .jsonl file or a .parquet "
                   "folder; ids already in it are skipped")
    s.add_argument("--errors", default=None,
                   help="errors file (default: OUT.errors.jsonl)")
    s.add_argument("--text-column", default="text")
    s.add_argument("--id-column", default="id")
    s.add_argument("--targets", nargs="+", default=None,
                   help="stance targets (a record's own 'targets' field wins)")
    s.add_argument("--jobs", type=int, default=-1,
                   help="worker processes (default -1: every core)")
    s.add_argument("--batch-size", type=int, default=64,
                   help="documents per batch: the unit of work and of commit")
    s.add_argument("--backend", choices=("local", "dask"), default="local")
    s.add_argument("--scheduler", default=None,
                   help="dask.distributed scheduler address (with --backend dask)")
    s.add_argument("--models", default=None, help="models folder (default: models/)")
    s.add_argument("--trust-models", action="store_true",
                   help="load models that are not the shipped ones")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--summary-json", action="store_true",
                   help="print the summary as JSON on standard output")
    s.set_defaults(func=cmd_score)

    e = sub.add_parser("evaluate", help="score predictions against gold (ANNOTATION.md)")
    e.add_argument("--gold", required=True)
    e.add_argument("--pred", required=True)
    e.add_argument("--subset", choices=["speech"], default=None)
    e.add_argument("--threshold", type=float, default=0.5)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_evaluate)

    c = sub.add_parser("corpus", help="build, check or count the annotated corpus")
    c.add_argument("action", choices=("build", "check", "stats", "agreement"))
    c.add_argument("--dir", default=str(PROJECT / "corpora"))
    c.add_argument("--skip-invalid", action="store_true",
                   help="build: leave out articles that do not validate")
    c.add_argument("--markdown", action="store_true", help="stats: print tables")
    c.set_defaults(func=cmd_corpus)
    t = sub.add_parser("train", help="fit the shipped models from the project's corpus")
    t.add_argument("--corpus", default=str(PROJECT / "corpora"))
    t.add_argument("--out", default=None, help="models folder (default: models/)")
    t.add_argument("--stages", nargs="+", default=None,
                   choices=("statements", "speakers", "hedging", "stance"))
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--shared", default=None, help="the shared/ folder, for the PolNeAR "
                   "dev figures in the cards (default: ../shared when present)")
    t.set_defaults(func=cmd_train)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (StanceError, OSError, UnicodeDecodeError) as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
