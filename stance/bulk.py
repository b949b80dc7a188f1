"""Files and datasets in bulk: in parallel, resumable, with an errors file, or on Dask.

``score_file(input, out)`` reads JSONL, CSV, Parquet (a file or a folder of parts) or a
saved ``datasets`` folder, analyzes every record and writes one row per article:

    {"id": str, "targets": [str], "n_statements": int, "statements": [statement, ...]}

where a statement is ``Statement.to_dict()`` with ``hedge_cues`` as
``[{"start", "end", "source"}]``, ``stance`` as ``[{"target", "label"}]`` and
``hedging_probability`` added (the same row in JSONL and in Parquet).

Crash safety. Output is committed batch by batch: JSONL is appended, flushed and
fsync'ed per batch (a torn last line left by a kill is cut off on the next start);
Parquet is a folder with one part file per batch, written to a temporary name and
renamed into place. A record is done when its id is in the output or its input line
(1-based line of a JSONL file, 1-based row of a table) is in the errors file; a new run
skips done records, so killing a run and starting it again goes on where it stopped.

Bad records never stop a run: invalid JSON, undecodable bytes, a missing or non-string
text, a malformed id or targets, or an error while analyzing go to the errors file (one
JSON line: ``line``, ``id``, ``error`` type, ``message``). A record without an id gets
its line number as id. A second record with an id already seen is recorded as an error
(``DataError: duplicate id``) and not analyzed, so every id is in the output once.
"""
from __future__ import annotations

import copyreg
import csv
import json
import multiprocessing as mp
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator

from .errors import DataError

# Results cross process boundaries; StanceLabel keeps its probabilities in a read-only
# mapping, which pickle does not know how to rebuild.
copyreg.pickle(MappingProxyType, lambda m: (MappingProxyType, (dict(m),)))

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PART_PREFIX = "part-"


# ---------------------------------------------------------------------------
# workers: one Analyzer per process, built once
# ---------------------------------------------------------------------------
_WORKER: dict = {}


def resolve_jobs(n_jobs: int | None) -> int:
    """``None``/``1`` -> 1; ``-1`` (or 0) -> every core this process may use."""
    if n_jobs is None:
        return 1
    if n_jobs <= 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)
    return n_jobs


def worker_analyzer(config: dict):
    """The process's Analyzer for ``config`` (Analyzer keyword arguments), built once."""
    key = json.dumps(config, sort_keys=True, default=str)
    analyzer = _WORKER.get(key)
    if analyzer is None:
        from .pipeline import Analyzer
        analyzer = _WORKER[key] = Analyzer(**config)
    return analyzer


def _init_worker(config: dict) -> None:
    worker_analyzer(config)


def _call_in_worker(func: Callable, config: dict, batch):
    return func(worker_analyzer(config), batch)


def ordered_map(func: Callable, batches: Iterable, analyzer=None, config: dict | None = None,
                n_jobs: int = 1, client=None, mp_context: str | None = None,
                max_pending: int | None = None) -> Iterator:
    """Yield ``func(analyzer, batch)`` for each batch, in input order.

    With ``n_jobs == 1`` and no ``client`` it runs here with ``analyzer``. Otherwise each
    worker process (a multiprocessing pool of ``n_jobs``, or the workers of a
    ``dask.distributed`` ``client``) builds ``Analyzer(**config)`` once. At most
    ``max_pending`` batches are in flight, so memory stays bounded on any input size.
    """
    config = config or {}
    if client is None and n_jobs <= 1:
        if analyzer is None:
            analyzer = worker_analyzer(config)
        for batch in batches:
            yield func(analyzer, batch)
        return
    if client is not None:
        n_workers = max(1, sum(client.nthreads().values()))
        limit = max_pending or 2 * n_workers
        submit = lambda b: client.submit(_call_in_worker, func, config, b, pure=False)  # noqa: E731
        get = lambda fut: fut.result()  # noqa: E731
        pool = None
    else:
        ctx = mp.get_context(mp_context or "spawn")
        pool = ctx.Pool(n_jobs, initializer=_init_worker, initargs=(config,))
        limit = max_pending or 2 * n_jobs
        submit = lambda b: pool.apply_async(_call_in_worker, (func, config, b))  # noqa: E731
        get = lambda res: res.get()  # noqa: E731
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= limit:
                yield get(pending.popleft())
        while pending:
            yield get(pending.popleft())
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        if pool is not None:
            pool.terminate()


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------------------
# rows: one per article, the same in JSONL and Parquet
# ---------------------------------------------------------------------------
def statement_row(st) -> dict:
    d = st.to_dict()
    d["hedge_cues"] = [{"start": c.start, "end": c.end, "source": c.source}
                       for c in st.hedge_cues]
    d["stance"] = [{"target": s.target, "label": s.label} for s in st.stance]
    d["nested"] = st.nested
    d["hedging_probability"] = st.hedging_probability
    return d


def article_row(article) -> dict:
    return {"id": article.id, "targets": list(article.targets),
            "n_statements": len(article.statements),
            "statements": [statement_row(s) for s in article.statements]}


def arrow_types():
    """``(statement struct, article schema)`` as pyarrow types."""
    import pyarrow as pa

    i64, s = pa.int64(), pa.string()
    statement = pa.struct([
        ("start", i64), ("end", i64), ("text", s), ("kind", s),
        ("cue", s), ("cue_start", i64), ("cue_end", i64),
        ("speaker_mention", s), ("speaker_start", i64), ("speaker_end", i64),
        ("speaker", s), ("speaker_type", s), ("hedging", s),
        ("hedge_cues", pa.list_(pa.struct([("start", i64), ("end", i64), ("source", s)]))),
        ("stance", pa.list_(pa.struct([("target", s), ("label", s)]))),
        ("nested", pa.bool_()), ("hedging_probability", pa.float64()),
    ])
    article = pa.schema([("id", s), ("targets", pa.list_(s)), ("n_statements", i64),
                         ("statements", pa.list_(statement))])
    return statement, article


# ---------------------------------------------------------------------------
# the work done on one batch, in a worker
# ---------------------------------------------------------------------------
def error_record(line, doc_id, exc: BaseException) -> dict:
    return {"line": line, "id": doc_id, "error": type(exc).__name__, "message": str(exc)}


def score_batch(analyzer, batch: list) -> list:
    """``batch``: ``(line, id, text, targets)`` tuples. Returns, in order, ``("ok", line,
    row, words)`` or ``("error", line, error_record)``; nothing raised for one document
    stops the others."""
    out = []
    for line, doc_id, text, targets in batch:
        try:
            article = analyzer.analyze(text, targets=targets, id=doc_id)
        except Exception as exc:  # recorded with its type; the run goes on
            out.append(("error", line, error_record(line, doc_id, exc)))
            continue
        out.append(("ok", line, article_row(article), len(text.split())))
    return out


def analyze_batch(analyzer, batch: list) -> list:
    """``batch``: ``(text, targets)`` pairs -> Articles, or the exception raised."""
    out = []
    for text, targets in batch:
        try:
            out.append(analyzer.analyze(text, targets=targets))
        except Exception as exc:
            out.append(exc)
    return out


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------
@dataclass
class Record:
    line: int
    id: str | None
    text: object = None
    targets: object = None
    error: BaseException | None = None


def _record_from_mapping(line: int, rec, text_column: str, id_column: str,
                         targets_column: str, default_targets) -> Record:
    if not isinstance(rec, dict):
        return Record(line, None, error=DataError(
            f"line {line}: a record must be a JSON object, not {type(rec).__name__}"))
    raw_id = rec.get(id_column)
    if raw_id is None:
        doc_id = str(line)
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return Record(line, None, error=DataError(
            f"line {line}: id column {id_column!r} holds a {type(raw_id).__name__}; "
            "expected a string or an integer"))
    if text_column not in rec:
        return Record(line, doc_id, error=DataError(
            f"line {line}: no {text_column!r} column (columns: {sorted(rec)[:10]})"))
    text = rec[text_column]
    for what, value in (("text", text), ("id", doc_id)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return Record(line, None if what == "id" else doc_id, error=DataError(
                    f"line {line}: the {what} holds lone surrogates (bytes that were not "
                    "UTF-8, or a bad \\u escape)"))
    targets = rec.get(targets_column)
    if targets is None:
        targets = default_targets
    return Record(line, doc_id, text, targets)


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Source:
    """A bulk input: ``records()`` yields a Record per input record, in order."""

    def __init__(self, path, text_column="text", id_column="id", targets_column="targets",
                 targets=None):
        self.path = Path(path)
        self.text_column = text_column
        self.id_column = id_column
        self.targets_column = targets_column
        self.targets = targets
        self.kind = detect_format(self.path)

    def _mapping(self, line, rec) -> Record:
        return _record_from_mapping(line, rec, self.text_column, self.id_column,
                                    self.targets_column, self.targets)

    @property
    def total(self) -> int | None:
        """Number of records, when cheap to know (JSONL: non-blank lines)."""
        if self.kind == "jsonl":
            n = 0
            with open(self.path, "rb") as fh:
                for line in fh:
                    n += bool(line.strip())
            return n
        if self.kind == "parquet":
            return sum(pf.metadata.num_rows for pf in self._parquet_files())
        if self.kind == "datasets":
            return len(self._dataset())
        return None

    def records(self) -> Iterator[Record]:
        return getattr(self, "_records_" + self.kind)()

    def _records_jsonl(self):
        with open(self.path, "rb") as fh:
            for line, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield Record(line, None, error=DataError(
                        f"line {line}: bytes that are not UTF-8 at column {exc.start + 1}"))
                    continue
                except json.JSONDecodeError as exc:
                    yield Record(line, None, error=DataError(
                        f"line {line}: not JSON ({exc.msg} at column {exc.colno})"))
                    continue
                yield self._mapping(line, rec)

    def _records_csv(self):
        csv.field_size_limit(2**31 - 1)
        with open(self.path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except StopIteration:
                return
            if self.text_column not in header:
                raise DataError(f"{self.path}: no {self.text_column!r} column in the "
                                f"header {header[:10]}")
            for row_no, row in enumerate(reader, 1):
                if any(_has_surrogates(cell) for cell in row):
                    yield Record(row_no, None, error=DataError(
                        f"row {row_no}: bytes that are not UTF-8"))
                    continue
                rec = {k: v for k, v in zip(header, row)}
                if self.id_column in rec and rec[self.id_column] == "":
                    rec[self.id_column] = None
                yield self._mapping(row_no, rec)

    def _parquet_files(self):
        import pyarrow.parquet as pq

        if self.path.is_dir():
            files = sorted(p for p in self.path.glob("*.parquet") if p.is_file())
        else:
            files = [self.path]
        return [pq.ParquetFile(p) for p in files]

    def _records_parquet(self):
        row_no = 0
        for pf in self._parquet_files():
            names = pf.schema_arrow.names
            if self.text_column not in names:
                raise DataError(f"{self.path}: no {self.text_column!r} column "
                                f"(columns: {names[:10]})")
            cols = [c for c in (self.id_column, self.text_column, self.targets_column)
                    if c in names]
            for rb in pf.iter_batches(batch_size=1024, columns=cols):
                for rec in rb.to_pylist():
                    row_no += 1
                    yield self._mapping(row_no, rec)

    def _dataset(self):
        import datasets

        return datasets.load_from_disk(str(self.path))

    def _records_datasets(self):
        ds = self._dataset()
        if self.text_column not in ds.column_names:
            raise DataError(f"{self.path}: no {self.text_column!r} column "
                            f"(columns: {ds.column_names[:10]})")
        cols = [c for c in (self.id_column, self.text_column, self.targets_column)
                if c in ds.column_names]
        row_no = 0
        for batch in ds.select_columns(cols).iter(batch_size=1024):
            for i in range(len(batch[self.text_column])):
                row_no += 1
                yield self._mapping(row_no, {c: batch[c][i] for c in cols})


def detect_format(path: Path) -> str:
    """``jsonl``, ``csv``, ``parquet`` or ``datasets``; DataError if none fits."""
    if path.is_dir():
        if (path / "dataset_info.json").exists() or (path / "state.json").exists():
            return "datasets"
        if any(path.glob("*.parquet")):
            return "parquet"
        raise DataError(f"{path}: a folder that is neither a saved dataset nor Parquet parts")
    if not path.exists():
        raise DataError(f"{path}: no such file")
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    raise DataError(f"{path}: unknown input format (expected .jsonl, .csv, .parquet or a "
                    "saved datasets folder)")


# ---------------------------------------------------------------------------
# outputs, committed batch by batch
# ---------------------------------------------------------------------------
def _fsync_append(fh, lines: list[str]) -> None:
    if lines:
        fh.write("".join(lines))
        fh.flush()
        os.fsync(fh.fileno())


def _cut_torn_tail(path: Path) -> None:
    """Cut a last line that has no newline: a write that a kill interrupted."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return
        size = fh.seek(0, os.SEEK_END)
        pos = size
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            k = chunk.rfind(b"\n")
            if k >= 0:
                fh.truncate(pos - step + k + 1)
                return
            pos -= step
        fh.truncate(0)


def _read_jsonl_committed(path: Path, what: str) -> Iterator[dict]:
    _cut_torn_tail(path)
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataError(f"{what} {path}:{ln} is not JSON ({exc.msg}); it was "
                                    "not written by stance score") from exc


class JsonlSink:
    def __init__(self, path: Path):
        self.path = path
        self._fh = None

    def done_ids(self) -> set[str]:
        return {rec.get("id") for rec in _read_jsonl_committed(self.path, "output")}

    def write(self, rows: list[dict]) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")
        _fsync_append(self._fh, [json.dumps(r, ensure_ascii=False) + "\n" for r in rows])

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class ParquetSink:
    """A folder of part files ``part-000000.parquet``; each written under a temporary
    name and renamed when complete, so a part that exists is whole."""

    def __init__(self, path: Path):
        self.path = path
        self._next = None

    def _parts(self):
        return sorted(self.path.glob(PART_PREFIX + "*.parquet")) if self.path.is_dir() else []

    def done_ids(self) -> set[str]:
        import pyarrow.parquet as pq

        if self.path.is_dir():
            for tmp in self.path.glob(".*.tmp"):
                tmp.unlink()
        ids = set()
        for part in self._parts():
            ids.update(pq.read_table(part, columns=["id"]).column("id").to_pylist())
        return ids

    def write(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not rows:
            return
        if self._next is None:
            self.path.mkdir(parents=True, exist_ok=True)
            parts = self._parts()
            self._next = int(parts[-1].stem[len(PART_PREFIX):]) + 1 if parts else 0
        name = f"{PART_PREFIX}{self._next:06d}.parquet"
        tmp = self.path / f".{name}.tmp"
        table = pa.Table.from_pylist(rows, schema=arrow_types()[1])
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / name)
        self._next += 1

    def close(self) -> None:
        pass


def make_sink(out: Path):
    if out.name.lower().endswith(JSONL_SUFFIXES):
        return JsonlSink(out)
    if out.name.lower().endswith(".parquet"):
        if out.is_file():
            raise DataError(f"{out} is a Parquet file; Parquet output is a folder of "
                            "parts: give a new path")
        return ParquetSink(out)
    raise DataError(f"{out}: output must end in .jsonl or .parquet")


class ErrorLog:
    def __init__(self, path: Path):
        self.path = path
        self._fh = None
        self.count = 0

    def done_lines(self) -> set[int]:
        lines = set()
        for rec in _read_jsonl_committed(self.path, "errors file"):
            lines.add(rec.get("line"))
            self.count += 1
        return lines

    def write(self, records: list[dict]) -> None:
        if not records:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")
        _fsync_append(self._fh, [json.dumps(r, ensure_ascii=False) + "\n" for r in records])
        self.count += len(records)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def default_errors_path(out: Path) -> Path:
    return out.with_name(out.name + ".errors.jsonl")


# ---------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------
@dataclass
class Summary:
    scored: int = 0
    statements: int = 0
    failed: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    errors_total: int = 0
    output: str = ""
    errors_file: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Pending:
    lines: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def score_file(input, out, text_column: str = "text", id_column: str = "id",
               targets=None, n_jobs: int = 1, batch_size: int = 64, errors=None,
               client=None, analyzer_config: dict | None = None,
               progress: Callable | None = None, mp_context: str | None = None) -> Summary:
    """Score every record of ``input`` into ``out`` (``.jsonl`` file or ``.parquet``
    folder), skipping records already done by an earlier run. Returns a Summary.

    ``client``: a ``dask.distributed.Client``; batches then run on its workers.
    ``progress(done, total, docs, words)`` is called after each committed batch.
    """
    from .targets import check_targets

    if targets is not None:
        targets = list(check_targets(targets))
    out = Path(out)
    errors_path = Path(errors) if errors else default_errors_path(out)
    source = Source(input, text_column=text_column, id_column=id_column, targets=targets)
    sink = make_sink(out)
    errlog = ErrorLog(errors_path)
    done_ids = sink.done_ids()
    done_lines = errlog.done_lines()
    total = source.total
    summary = Summary(output=str(out), errors_file=str(errors_path))
    n_jobs = resolve_jobs(n_jobs)
    t0 = time.perf_counter()
    seen: set[str] = set()
    # Input-level errors found while filling a batch are committed with that batch.
    meta: deque = deque()

    def work_batches():
        batch, errs = [], []
        for rec in source.records():
            if rec.line in done_lines:
                if rec.id is not None:
                    seen.add(rec.id)
                summary.skipped += 1
                continue
            if rec.error is None and rec.id in seen:
                rec.error = DataError(f"line {rec.line}: duplicate id {rec.id!r}; an "
                                      "earlier record has it")
            if rec.error is not None:
                errs.append(error_record(rec.line, rec.id, rec.error))
                continue
            seen.add(rec.id)
            if rec.id in done_ids:
                summary.skipped += 1
                continue
            batch.append((rec.line, rec.id, rec.text, rec.targets))
            if len(batch) >= batch_size:
                meta.append(errs)
                yield batch
                batch, errs = [], []
        meta.append(errs)
        yield batch

    try:
        for results in ordered_map(score_batch, work_batches(), config=analyzer_config,
                                   n_jobs=n_jobs, client=client, mp_context=mp_context):
            errs = list(meta.popleft())
            rows = []
            for res in results:
                if res[0] == "ok":
                    rows.append(res[2])
                    summary.words += res[3]
                    summary.statements += res[2]["n_statements"]
                else:
                    errs.append(res[2])
            sink.write(rows)
            errlog.write(errs)
            summary.scored += len(rows)
            summary.failed += len(errs)
            if progress is not None:
                progress(summary.scored + summary.failed + summary.skipped, total,
                         summary.scored + summary.failed, summary.words)
    finally:
        sink.close()
        errlog.close()
        summary.seconds = time.perf_counter() - t0
        summary.errors_total = errlog.count
    return summary


# ---------------------------------------------------------------------------
# Hugging Face datasets
# ---------------------------------------------------------------------------
def _map_articles(batch, text_column, id_column, targets, rows, config):
    analyzer = worker_analyzer(config)
    n = len(batch[text_column])
    ids = batch[id_column] if id_column in batch else [None] * n
    out = {"id": [], "error": []}
    if rows == "articles":
        out.update(targets=[], n_statements=[], statements=[])
    else:
        out.update({"statement_index": [], "statement": []})
    for i in range(n):
        doc_id = None if ids[i] is None else str(ids[i])
        try:
            article = analyzer.analyze(batch[text_column][i], targets=targets, id=doc_id)
            err = None
        except Exception as exc:  # recorded in the row; the map goes on
            article, err = None, f"{type(exc).__name__}: {exc}"
        if rows == "articles":
            row = article_row(article) if article is not None else {
                "targets": list(targets or ()), "n_statements": None, "statements": None}
            out["id"].append(doc_id)
            out["error"].append(err)
            out["targets"].append(row["targets"])
            out["n_statements"].append(row["n_statements"])
            out["statements"].append(row["statements"])
        elif article is None:
            out["id"].append(doc_id)
            out["error"].append(err)
            out["statement_index"].append(None)
            out["statement"].append(None)
        else:
            for k, st in enumerate(article.statements):
                out["id"].append(doc_id)
                out["error"].append(None)
                out["statement_index"].append(k)
                out["statement"].append(statement_row(st))
    return out


def score_dataset(dataset, text_column: str = "text", id_column: str = "id", targets=None,
                  rows: str = "articles", num_proc: int | None = None, batch_size: int = 64,
                  analyzer_config: dict | None = None):
    """Score a ``datasets.Dataset`` with ``Dataset.map(batched=True, num_proc=...)``.

    ``rows="articles"``: one row per input row: ``id``, ``error`` (None, or the error's
    type and message), ``targets``, ``n_statements``, ``statements`` (a list of statement
    structs). ``rows="statements"``: one row per statement: ``id``, ``error``,
    ``statement_index``, ``statement``; an article with no statement has no row, and an
    article that failed has one row with its ``error`` and no statement.
    Each process builds its Analyzer once.
    """
    import datasets
    import pyarrow as pa

    from .targets import check_targets

    if rows not in ("articles", "statements"):
        raise ValueError(f"rows must be 'articles' or 'statements', not {rows!r}")
    if text_column not in dataset.column_names:
        raise DataError(f"the dataset has no {text_column!r} column "
                        f"(columns: {dataset.column_names[:10]})")
    targets = list(check_targets(targets)) if targets is not None else None
    statement, article = arrow_types()
    if rows == "articles":
        schema = pa.schema([("id", pa.string()), ("error", pa.string())]
                           + [article.field(n) for n in ("targets", "n_statements",
                                                         "statements")])
    else:
        schema = pa.schema([("id", pa.string()), ("error", pa.string()),
                            ("statement_index", pa.int64()), ("statement", statement)])
    return dataset.map(
        _map_articles, batched=True, batch_size=batch_size,
        num_proc=resolve_jobs(num_proc) if num_proc else None,
        remove_columns=dataset.column_names,
        features=datasets.Features.from_arrow_schema(schema),
        fn_kwargs=dict(text_column=text_column, id_column=id_column, targets=targets,
                       rows=rows, config=analyzer_config or {}),
        load_from_cache_file=False, desc="stance")


def read_rows(out) -> list[dict]:
    """Every row of a ``stance score`` output (JSONL file or Parquet folder), in order."""
    out = Path(out)
    if out.name.lower().endswith(JSONL_SUFFIXES):
        return list(_read_jsonl_committed(out, "output"))
    import pyarrow.parquet as pq

    rows = []
    for part in sorted(out.glob(PART_PREFIX + "*.parquet")):
        rows.extend(pq.read_table(part).to_pylist())
    return rows

