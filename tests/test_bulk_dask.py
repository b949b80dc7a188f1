"""stance score --backend dask: a LocalCluster with two workers gives the local output."""
import json

import pytest

from stance import bulk
from stance.cli import main

from .test_bulk import TEXTS

distributed = pytest.importorskip("dask.distributed")


def test_dask_backend_equals_local_run(tmp_path):
    inp = tmp_path / "in.jsonl"
    records = [{"id": f"d{i}", "text": TEXTS[i % len(TEXTS)]} for i in range(24)]
    lines = [json.dumps(r) for r in records]
    lines.insert(5, '{"id": "broken", ')
    lines.insert(9, json.dumps({"id": "num", "text": 3}))
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")

    local = tmp_path / "local.parquet"
    assert main(["score", str(inp), "--out", str(local), "--jobs", "1", "--batch-size", "4",
                 "--targets", "the council", "--quiet"]) == 1
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "dask.parquet"
        assert main(["score", str(inp), "--out", str(out), "--backend", "dask",
                     "--scheduler", cluster.scheduler_address, "--batch-size", "4",
                     "--targets", "the council", "--quiet"]) == 1
        with distributed.Client(cluster.scheduler_address) as client:
            # both workers did some of the work
            assert all(n > 0 for n in client.run(
                lambda: len(bulk._WORKER)).values())
    # 25 records reach the workers (the non-string text fails there): 7 batches of 4
    assert len(list(out.glob("part-*.parquet"))) == 7
    assert bulk.read_rows(out) == bulk.read_rows(local)
    assert len(bulk.read_rows(out)) == 24
    errs = (tmp_path / "dask.parquet.errors.jsonl").read_text(encoding="utf-8")
    assert errs == (tmp_path / "local.parquet.errors.jsonl").read_text(encoding="utf-8")
