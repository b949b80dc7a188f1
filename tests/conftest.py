import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TXT = ROOT / "seeds" / "000_c4c0a6a114c8052c.txt"
SEED_GOLD = ROOT / "seeds" / "000_c4c0a6a114c8052c.gold.json"


@pytest.fixture(scope="session")
def seed_text():
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold():
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))
