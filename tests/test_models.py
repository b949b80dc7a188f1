"""The trained statement and speaker stages: shipped, checked, deterministic."""
import io
import json
from pathlib import Path

import joblib
import pytest

from stance import Analyzer, modelio, speaker_model, statement_model
from stance.train import read_jsonl

PROJECT = Path(__file__).resolve().parent.parent
TRAIN = read_jsonl(PROJECT / "corpora/train.jsonl")


def _dump(model) -> bytes:
    buf = io.BytesIO()
    joblib.dump(model, buf, compress=3)
    return buf.getvalue()


@pytest.mark.parametrize("stage", ["statements", "speakers"])
def test_shipped_stage_has_card_and_loads(stage):
    card = modelio.read_card(stage)
    for key in ("library_version", "training_data_sha256", "parameters", "metrics", "seed"):
        assert key in card
    assert card["files"]["model.joblib"] == modelio.sha256_file(
        modelio.default_models_dir() / stage / "model.joblib")
    assert stage in Analyzer(model_stages=[stage]).models
    assert stage not in Analyzer().models  # opt-in until they beat the rules on real news


@pytest.mark.parametrize("mod", [statement_model, speaker_model])
def test_fit_is_deterministic(mod):
    a, pa = mod.fit(TRAIN[:25], TRAIN[25:35], seed=0)
    b, pb = mod.fit(TRAIN[:25], TRAIN[25:35], seed=0)
    assert pa == pb
    assert _dump(a) == _dump(b)


def test_speaker_model_resolves_pronoun_to_named_person():
    text = ("Mara Quill, the mayor of Tolby, opened the new bridge on Monday. "
            "\u201cThis bridge joins two halves of one town,\u201d she said.")
    art = Analyzer(model_stages=["statements", "speakers"]).analyze(text)
    names = {st.speaker.name for st in art}
    assert "Mara Quill" in names


def test_statement_model_keeps_quote_and_sets_kind():
    text = "\u201cWe will rebuild the harbour by spring,\u201d said Port Director Ilse Varn."
    art = Analyzer(model_stages=["statements", "speakers"]).analyze(text)
    assert len(art) == 1
    assert art.statements[0].kind == "direct"
    assert art.statements[0].speaker.mention.text.endswith("Ilse Varn")
