"""Check a `stance score` run: every input record is in the output or in the errors file,
exactly once (the acceptance check of a killed-and-resumed run).

    python benchmarks/resume_check.py INPUT.jsonl OUTPUT[.jsonl|.parquet] [--errors PATH]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance import bulk  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--errors", default=None)
    args = ap.parse_args(argv)
    errors_path = Path(args.errors) if args.errors else bulk.default_errors_path(
        Path(args.output))
    out_ids = Counter(r["id"] for r in bulk.read_rows(args.output))
    err_lines = Counter()
    if errors_path.exists():
        for line in errors_path.read_text(encoding="utf-8").splitlines():
            err_lines[json.loads(line)["line"]] += 1
    records = missing = twice = 0
    input_ids = set()
    with open(args.input, "rb") as fh:
        for ln, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            records += 1
            try:
                rec = json.loads(raw.decode("utf-8"))
                doc_id = str(rec["id"]) if isinstance(rec, dict) and "id" in rec else None
            except (UnicodeDecodeError, json.JSONDecodeError):
                doc_id = None
            # an output row belongs to the first line with its id (a repeated id is an
            # error record of its own line)
            found = err_lines.get(ln, 0)
            if doc_id is not None and doc_id not in input_ids:
                found += out_ids.get(doc_id, 0)
            input_ids.add(doc_id)
            missing += found == 0
            twice += found > 1
    extra = sum(1 for i in out_ids if i not in input_ids)
    report = {"input_records": records, "output_rows": sum(out_ids.values()),
              "error_records": sum(err_lines.values()), "missing": missing,
              "more_than_once": twice, "output_ids_not_in_input": extra}
    print(json.dumps(report))
    return 0 if missing == twice == extra == 0 and (
        report["output_rows"] + report["error_records"] == records) else 1


if __name__ == "__main__":
    raise SystemExit(main())
