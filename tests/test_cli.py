import json

from stance.cli import main

from .conftest import SEED_GOLD, SEED_TXT


def test_analyze_jsonl_then_evaluate(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "seed-000", "text": SEED_TXT.read_text(),
                               "targets": ["Syrian government"]}) + "\n")
    assert main(["analyze", str(inp), "--format", "jsonl"]) == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(capsys.readouterr().out)
    doc = json.loads(pred.read_text())
    assert doc["id"] == "seed-000" and doc["statements"]
    assert main(["evaluate", "--gold", str(SEED_GOLD), "--pred", str(pred), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["lenient"]["f1"] >= 0.9


def test_bad_jsonl_line_is_a_clear_error(tmp_path, capsys):
    inp = tmp_path / "bad.jsonl"
    inp.write_text('{"id": 1, "text": "He said so."}\n{not json\n')
    assert main(["analyze", str(inp), "--format", "jsonl"]) == 2
    assert "bad.jsonl:2: not JSON" in capsys.readouterr().err
