"""Bulk scoring: pipe, stance score (formats, resume, errors file), score_dataset."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from stance import bulk
from stance.cli import main
from stance.errors import DataError, InputError
from stance.pipeline import Analyzer

from .conftest import ROOT, SEED_TXT

TEXTS = [
    SEED_TXT.read_text(encoding="utf-8"),
    "“We will not resign,” the minister said on Monday. She added that the vote may be "
    "delayed.",
    "According to the council, the bridge is unsafe. Residents said they were worried.",
    "",
    "Nothing is reported in this sentence at all.",
    "The mayor told reporters that the budget was “a disgrace”, and called for a review.",
]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def _expected_rows(analyzer, ids, texts, targets=None):
    return [bulk.article_row(analyzer.analyze(t, targets=targets, id=i))
            for i, t in zip(ids, texts)]


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _errors(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------------------
# Analyzer.pipe
# ---------------------------------------------------------------------------
def test_pipe_equals_analyze_in_order(analyzer):
    expected = [analyzer.analyze(t).to_dict() for t in TEXTS]
    assert [a.to_dict() for a in analyzer.pipe(TEXTS, batch_size=2)] == expected


def test_pipe_two_processes_equals_one(analyzer):
    texts = TEXTS * 3
    targets = ["the minister"]
    one = list(analyzer.pipe(texts, targets=targets, batch_size=2))
    two = list(analyzer.pipe(texts, targets=targets, batch_size=2, n_jobs=2))
    assert [a.to_dict() for a in two] == [a.to_dict() for a in one]
    # probabilities and the hedging probability survive the trip between processes
    assert two == one


def test_pipe_errors_raise_or_return(analyzer):
    with pytest.raises(InputError):
        list(analyzer.pipe(["He said so.", 42]))
    res = list(analyzer.pipe(["He said so.", None, "She said no."], on_error="return"))
    assert isinstance(res[1], InputError) and len(res) == 3 and res[2].text == "She said no."


# ---------------------------------------------------------------------------
# stance score
# ---------------------------------------------------------------------------
def test_score_jsonl_and_parquet_give_the_analyze_rows(tmp_path, analyzer):
    ids = [f"d{i}" for i in range(len(TEXTS))]
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, [{"id": i, "text": t} for i, t in zip(ids, TEXTS)])
    expected = _expected_rows(analyzer, ids, TEXTS, ["the council"])
    for out in (tmp_path / "out.jsonl", tmp_path / "out.parquet"):
        rc = main(["score", str(inp), "--out", str(out), "--jobs", "1", "--batch-size", "2",
                   "--targets", "the council", "--quiet"])
        assert rc == 0
        assert bulk.read_rows(out) == expected
    assert len(list((tmp_path / "out.parquet").glob("part-*.parquet"))) == 3


def test_score_csv_parquet_and_datasets_inputs(tmp_path, analyzer):
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = [f"d{i}" for i in range(len(TEXTS))]
    expected = _expected_rows(analyzer, ids, TEXTS)
    table = pa.table({"doc": ids, "body": TEXTS})
    csv_path = tmp_path / "in.csv"
    table.to_pandas().to_csv(csv_path, index=False)
    pq.write_table(table, tmp_path / "in.parquet")
    datasets.Dataset.from_dict({"doc": ids, "body": TEXTS}).save_to_disk(tmp_path / "ds")
    for name in ("in.csv", "in.parquet", "ds"):
        out = tmp_path / f"{name}.out.jsonl"
        assert main(["score", str(tmp_path / name), "--out", str(out), "--jobs", "1",
                     "--text-column", "body", "--id-column", "doc", "--quiet"]) == 0
        assert bulk.read_rows(out) == expected, name


def test_bad_jsonl_records_go_to_the_errors_file(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": "He said so."}).encode(),
        b'{"id": "broken", "text": "unterminated',                  # invalid JSON
        b'{"id": "latin1", "text": "caf\xe9"}',                      # not UTF-8
        json.dumps({"id": "notext", "body": "x"}).encode(),          # missing text column
        json.dumps({"id": "int", "text": 12345}).encode(),           # non-string cell
        json.dumps({"id": "null", "text": None}).encode(),           # null cell
        json.dumps(["a", "list"]).encode(),                          # not an object
        json.dumps({"id": "ok1", "text": "Again."}).encode(),        # duplicate id
        json.dumps({"id": ["x"], "text": "Bad id."}).encode(),       # id of a bad type
        b'{"id": "surr", "text": "a \\udc80 b"}',                   # lone surrogate
        b"",
        json.dumps({"text": "She said yes."}).encode(),              # no id: the line
        json.dumps({"id": "ok2", "text": "They said no."}).encode(),
    ]
    inp.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["score", str(inp), "--out", str(out), "--jobs", "1", "--quiet"]) == 1
    assert [r["id"] for r in bulk.read_rows(out)] == ["ok1", "12", "ok2"]
    errs = {e["line"]: e for e in _errors(tmp_path / "out.jsonl.errors.jsonl")}
    assert sorted(errs) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert "not JSON" in errs[2]["message"] and errs[2]["error"] == "DataError"
    assert "not UTF-8" in errs[3]["message"]
    assert "no 'text' column" in errs[4]["message"] and errs[4]["id"] == "notext"
    assert errs[5]["error"] == "InputError" and errs[5]["id"] == "int"
    assert errs[6]["error"] == "InputError"
    assert "JSON object" in errs[7]["message"]
    assert "duplicate id 'ok1'" in errs[8]["message"]
    assert "id column" in errs[9]["message"]
    assert "surrogates" in errs[10]["message"]
    err = capsys.readouterr().err
    assert "failed 9" in err and "scored 3 documents" in err
    # a second run finds everything done and adds nothing
    assert main(["score", str(inp), "--out", str(out), "--jobs", "1", "--quiet"]) == 1
    assert len(bulk.read_rows(out)) == 3 and len(_errors(out.with_name(
        "out.jsonl.errors.jsonl"))) == 9
    assert "skipped 12 already done" in capsys.readouterr().err


def test_bad_csv_and_parquet_cells(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(b'id,text\na,He said so.\nb,caf\xe9 said no\nc,"Multi\nline, said she."\n')
    assert main(["score", str(csv_path), "--out", str(tmp_path / "c.jsonl"), "--jobs", "1",
                 "--quiet"]) == 1
    assert [r["id"] for r in bulk.read_rows(tmp_path / "c.jsonl")] == ["a", "c"]
    [e] = _errors(tmp_path / "c.jsonl.errors.jsonl")
    assert e["line"] == 2 and "not UTF-8" in e["message"]

    pq.write_table(pa.table({"id": ["x", "y"], "text": [7, 8]}), tmp_path / "ints.parquet")
    assert main(["score", str(tmp_path / "ints.parquet"), "--out", str(tmp_path / "i.jsonl"),
                 "--jobs", "1", "--quiet"]) == 1
    errs = _errors(tmp_path / "i.jsonl.errors.jsonl")
    assert [(e["id"], e["error"]) for e in errs] == [("x", "InputError"), ("y", "InputError")]


def test_input_without_the_text_column_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("id,body\na,He said so.\n", encoding="utf-8")
    assert main(["score", str(tmp_path / "in.csv"), "--out", str(tmp_path / "o.jsonl"),
                 "--quiet"]) == 2
    assert "no 'text' column" in capsys.readouterr().err
    with pytest.raises(DataError, match="unknown input format"):
        bulk.Source(tmp_path / "in.csv.txt" if False else SEED_TXT)


def test_interrupted_run_resumes_with_every_id_once(tmp_path, analyzer):
    ids = [f"d{i}" for i in range(12)]
    texts = [TEXTS[i % len(TEXTS)] for i in range(12)]
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, [{"id": i, "text": t} for i, t in zip(ids, texts)]
                 + [{"id": "bad", "text": 1}])
    for out in (tmp_path / "out.jsonl", tmp_path / "out.parquet"):
        calls = []

        def stop_after_two(*args):
            calls.append(args)
            if len(calls) == 2:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            bulk.score_file(inp, out, batch_size=3, progress=stop_after_two)
        assert len(bulk.read_rows(out)) == 6
        if out.suffix == ".jsonl":  # a kill in the middle of a write leaves a torn line
            with open(out, "a", encoding="utf-8") as fh:
                fh.write('{"id": "d6", "targets": [], "n_sta')
        else:  # ... or a temporary part file
            (out / ".part-000002.parquet.tmp").write_bytes(b"PAR1 torn")
        summary = bulk.score_file(inp, out, batch_size=3)
        assert (summary.skipped, summary.scored, summary.failed) == (6, 6, 1)
        assert bulk.read_rows(out) == _expected_rows(analyzer, ids, texts)
        assert [e["id"] for e in _errors(bulk.default_errors_path(out))] == ["bad"]


def test_killed_process_resumes(tmp_path):
    """A real SIGKILL in the middle of a run, then a second run: each id once."""
    n = 60
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, [{"id": f"k{i}", "text": TEXTS[i % 3] if i % 3 else "He said so."}
                       for i in range(n)])
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "stance.cli", "score", str(inp), "--out", str(out),
           "--jobs", "1", "--batch-size", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 5:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    first = len(bulk.read_rows(out))
    assert first >= 5
    assert subprocess.run(cmd, cwd=ROOT).returncode == 0
    ids = [r["id"] for r in bulk.read_rows(out)]
    assert sorted(ids) == sorted(f"k{i}" for i in range(n)) and len(set(ids)) == n


# ---------------------------------------------------------------------------
# Hugging Face datasets
# ---------------------------------------------------------------------------
def test_score_dataset_articles_and_statements(analyzer):
    import datasets

    import stance

    ids = [f"d{i}" for i in range(len(TEXTS))] + ["bad"]
    ds = datasets.Dataset.from_dict({"id": ids, "text": TEXTS + ["x"]})
    ds = ds.cast_column("text", datasets.Value("string"))
    ds = ds.map(lambda r: {"text": None if r["id"] == "bad" else r["text"]})
    arts = stance.score_dataset(ds, targets=["the council"], batch_size=2)
    expected = _expected_rows(analyzer, ids[:-1], TEXTS, ["the council"])
    rows = arts.to_list()
    assert [r["id"] for r in rows] == ids
    assert [{k: r[k] for k in ("id", "targets", "n_statements", "statements")}
            for r in rows[:-1]] == expected
    assert rows[-1]["error"].startswith("InputError") and rows[-1]["statements"] is None

    st = stance.score_dataset(ds, rows="statements", targets=["the council"], num_proc=2,
                              batch_size=2)
    n = sum(r["n_statements"] for r in expected)
    assert len(st) == n + 1
    assert [r["statement"] for r in st.to_list() if r["id"] == "d0"] == \
        expected[0]["statements"]
