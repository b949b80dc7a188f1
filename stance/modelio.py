"""Model folders: save a trained stage with its card, and load it only after checking it.

A models folder holds one sub-folder per stage (``statements``, ``speakers``, ``hedging``,
``stance``), each with ``model.joblib`` and its card ``meta.json``::

    {"stage": ..., "library_version": ..., "training_data_sha256": ..., "seed": ...,
     "parameters": {...}, "metrics": {...}, "files": {"model.joblib": "<sha256>"}}

``joblib.load`` unpickles, which can run code, so nothing is unpickled before its bytes
are checked: the file must be listed in the card with the same SHA-256, and unless the
caller passes ``trust=True`` that hash must also be one of the shipped models recorded in
``stance/trusted_models.json`` (written by ``stance train`` when it writes the project's
own ``models/``). A folder from elsewhere therefore loads only when the caller trusts it.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from .errors import ModelError, UntrustedModelError

PROJECT = Path(__file__).resolve().parent.parent
TRUSTED_FILE = Path(__file__).resolve().parent / "trusted_models.json"
MODEL_FILE = "model.joblib"
CARD_FILE = "meta.json"


def default_models_dir() -> Path:
    """``$STANCE_MODELS`` if set, else the project's ``models/``."""
    env = os.environ.get("STANCE_MODELS")
    return Path(env) if env else PROJECT / "models"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _trusted() -> dict[str, str]:
    try:
        return json.loads(TRUSTED_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the trusted-model list {TRUSTED_FILE}: {exc}") from exc


def record_trusted(entries: dict[str, str]) -> None:
    """Replace the listed stages' entries in ``trusted_models.json`` (``stage -> sha256``)."""
    data = _trusted()
    data.update(entries)
    TRUSTED_FILE.write_text(json.dumps(dict(sorted(data.items())), indent=1) + "\n",
                            encoding="utf-8")


def save_stage(stage: str, model, card: dict, models_dir: Path | None = None) -> dict:
    """Write ``models_dir/stage/model.joblib`` and its card; return the card written."""
    import joblib

    folder = Path(models_dir or default_models_dir()) / stage
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    joblib.dump(model, buf, compress=3)
    data = buf.getvalue()
    (folder / MODEL_FILE).write_bytes(data)
    card = dict(card, stage=stage, files={MODEL_FILE: sha256_bytes(data)})
    write_card(stage, card, models_dir)
    return card


def write_card(stage: str, card: dict, models_dir: Path | None = None) -> None:
    folder = Path(models_dir or default_models_dir()) / stage
    (folder / CARD_FILE).write_text(json.dumps(card, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")


def read_card(stage: str, models_dir: Path | None = None) -> dict:
    path = Path(models_dir or default_models_dir()) / stage / CARD_FILE
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model card {path}; run `stance train`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"model card {path} is unreadable: {exc}") from exc
    if not isinstance(card, dict) or not isinstance(card.get("files"), dict):
        raise ModelError(f"model card {path} has no 'files' table")
    return card


def has_stage(stage: str, models_dir: Path | None = None) -> bool:
    return (Path(models_dir or default_models_dir()) / stage / CARD_FILE).is_file()


def load_stage(stage: str, models_dir: Path | None = None, trust: bool = False):
    """Load a stage's model after checking its file against the card (and, unless
    ``trust``, against the shipped models' hashes). Raises ModelError/UntrustedModelError."""
    import joblib

    folder = Path(models_dir or default_models_dir()) / stage
    card = read_card(stage, models_dir)
    expected = card["files"].get(MODEL_FILE)
    if not expected:
        raise UntrustedModelError(f"{folder / MODEL_FILE} is not listed in its card")
    path = folder / MODEL_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc}") from exc
    actual = sha256_bytes(data)
    if actual != expected:
        raise UntrustedModelError(
            f"{path} has SHA-256 {actual[:12]}…, but its card says {expected[:12]}…: "
            "the file was changed after training; refusing to load it")
    if not trust and _trusted().get(stage) != actual:
        raise UntrustedModelError(
            f"{path} is not one of the models shipped with this version of stance; "
            "load it only if you trust its origin (Analyzer(models_dir=..., "
            "trust_models=True))")
    try:
        return joblib.load(io.BytesIO(data))
    except Exception as exc:  # a corrupt or incompatible pickle
        raise ModelError(f"cannot load {path}: {type(exc).__name__}: {exc}") from exc
