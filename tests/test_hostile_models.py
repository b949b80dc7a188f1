"""Model folders from elsewhere: loading checks every file's SHA-256 against its card and
the shipped list before ``joblib.load`` can run anything (stance/modelio.py).

Folders are built in tmp_path with ``modelio.save_stage``; the shipped list is replaced by
a file in tmp_path, so nothing here depends on which real models exist.
"""
import json

import joblib
import pytest

from stance import modelio
from stance.errors import ModelError, StanceError, UntrustedModelError
from stance.pipeline import Analyzer

CARD = {"library_version": "test", "training_data_sha256": "0" * 64, "seed": 0,
        "parameters": {}, "metrics": {}}


class Payload:
    """A pickle whose loading creates a marker file: proof that code ran on load."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture(autouse=True)
def shipped_list(tmp_path, monkeypatch):
    """An empty list of shipped models, in tmp_path (the real one is never touched)."""
    path = tmp_path / "trusted_models.json"
    path.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(modelio, "TRUSTED_FILE", path)
    return path


@pytest.fixture
def folder(tmp_path):
    models = tmp_path / "models"
    modelio.save_stage("hedging", {"weights": [1.0, 2.0], "name": "tiny"}, CARD, models)
    return models


def model_file(models, stage="hedging"):
    return models / stage / modelio.MODEL_FILE


def card_file(models, stage="hedging"):
    return models / stage / modelio.CARD_FILE


def test_a_trusted_folder_loads_and_the_card_records_the_hash(folder):
    card = json.loads(card_file(folder).read_text())
    assert card["files"] == {modelio.MODEL_FILE: modelio.sha256_file(model_file(folder))}
    assert card["stage"] == "hedging" and card["seed"] == 0
    assert modelio.load_stage("hedging", folder, trust=True) == {"weights": [1.0, 2.0],
                                                                 "name": "tiny"}


def test_untrusted_folder_is_refused_without_trust_and_accepted_with_it(folder):
    with pytest.raises(UntrustedModelError, match=r"not one of the models shipped.*trust"):
        modelio.load_stage("hedging", folder)
    assert modelio.load_stage("hedging", folder, trust=True)["name"] == "tiny"


def test_a_shipped_model_loads_without_trust(folder):
    modelio.record_trusted({"hedging": modelio.sha256_file(model_file(folder))})
    assert modelio.load_stage("hedging", folder)["name"] == "tiny"
    # the shipped hash is per stage: the same file under another stage is not shipped
    (folder / "stance").mkdir()
    for f in (modelio.MODEL_FILE, modelio.CARD_FILE):
        (folder / "stance" / f).write_bytes((folder / "hedging" / f).read_bytes())
    with pytest.raises(UntrustedModelError):
        modelio.load_stage("stance", folder)


def test_tampered_file_is_refused_even_when_trusted(folder):
    path = model_file(folder)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(UntrustedModelError, match=r"changed after training") as err:
        modelio.load_stage("hedging", folder, trust=True)
    assert str(path) in str(err.value)


def test_file_not_in_card_is_refused(folder):
    card = json.loads(card_file(folder).read_text())
    card["files"] = {"other.joblib": card["files"][modelio.MODEL_FILE]}
    card_file(folder).write_text(json.dumps(card))
    with pytest.raises(UntrustedModelError, match=r"not listed in its card"):
        modelio.load_stage("hedging", folder, trust=True)


@pytest.mark.parametrize("card_text, problem", [
    (None, "no model card"), ("{not json", "unreadable"), ("[]", "no 'files' table"),
    ('{"files": "model.joblib"}', "no 'files' table")])
def test_missing_or_malformed_card_is_a_model_error(folder, card_text, problem):
    if card_text is None:
        card_file(folder).unlink()
    else:
        card_file(folder).write_text(card_text)
    with pytest.raises(ModelError, match=problem):
        modelio.load_stage("hedging", folder, trust=True)


def test_missing_model_file_is_a_model_error(folder):
    model_file(folder).unlink()
    with pytest.raises(ModelError, match=r"cannot read model file"):
        modelio.load_stage("hedging", folder, trust=True)


def test_corrupt_pickle_with_a_matching_card_is_a_model_error(folder):
    model_file(folder).write_bytes(b"not a pickle at all")
    card = json.loads(card_file(folder).read_text())
    card["files"][modelio.MODEL_FILE] = modelio.sha256_bytes(b"not a pickle at all")
    card_file(folder).write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"cannot load"):
        modelio.load_stage("hedging", folder, trust=True)


# --- a malicious pickle is never unpickled when refused --------------------------------------
def test_malicious_pickle_runs_when_trusted_so_the_refusals_below_are_real(tmp_path):
    marker = tmp_path / "ran"
    modelio.save_stage("stance", Payload(marker), CARD, tmp_path / "models")
    assert not marker.exists()  # saving does not run it
    modelio.load_stage("stance", tmp_path / "models", trust=True)
    assert marker.exists()


def test_malicious_pickle_in_an_untrusted_folder_is_never_unpickled(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    models = tmp_path / "models"
    modelio.save_stage("stance", Payload(marker), CARD, models)
    calls = []
    monkeypatch.setattr(joblib, "load", lambda *a, **k: calls.append(a))
    with pytest.raises(UntrustedModelError):
        modelio.load_stage("stance", models)
    with pytest.raises(UntrustedModelError):
        Analyzer(model_stages=Analyzer.STAGES, models_dir=models)
    assert not marker.exists() and calls == []


def test_malicious_pickle_swapped_into_a_trusted_folder_is_never_unpickled(folder, tmp_path):
    marker = tmp_path / "ran"
    modelio.record_trusted({"hedging": modelio.sha256_file(model_file(folder))})
    joblib.dump(Payload(marker), model_file(folder))  # the card still holds the old hash
    for trust in (False, True):
        with pytest.raises(UntrustedModelError, match=r"changed after training"):
            modelio.load_stage("hedging", folder, trust=trust)
        with pytest.raises(StanceError):
            Analyzer(model_stages=Analyzer.STAGES, models_dir=folder, trust_models=trust)
    assert not marker.exists()


def test_malicious_pickle_with_a_forged_card_is_refused_unless_trusted(folder, tmp_path):
    # an attacker who rewrites the card too still does not get past the shipped list
    marker = tmp_path / "ran"
    modelio.record_trusted({"hedging": modelio.sha256_file(model_file(folder))})
    joblib.dump(Payload(marker), model_file(folder))
    card = json.loads(card_file(folder).read_text())
    card["files"][modelio.MODEL_FILE] = modelio.sha256_file(model_file(folder))
    card_file(folder).write_text(json.dumps(card))
    with pytest.raises(UntrustedModelError, match=r"not one of the models shipped"):
        modelio.load_stage("hedging", folder)
    with pytest.raises(UntrustedModelError):
        Analyzer(model_stages=Analyzer.STAGES, models_dir=folder)
    assert not marker.exists()


def test_analyzer_takes_a_trusted_folder(tmp_path):
    models = tmp_path / "models"
    modelio.save_stage("hedging", {"name": "tiny"}, CARD, models)
    with pytest.raises(UntrustedModelError):
        Analyzer(model_stages=Analyzer.STAGES, models_dir=models)
    assert Analyzer(model_stages=Analyzer.STAGES, models_dir=models, trust_models=True).models == {
        "hedging": {"name": "tiny"}}
    assert Analyzer(model_stages=Analyzer.STAGES, models_dir=models, use_models=False).models == {}
