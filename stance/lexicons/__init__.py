"""Lexicons kept as data files: one entry a line, ``#`` starts a comment.

``.txt`` files are sets of lowercased entries; ``.tsv`` files map the first column to
the rest.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _lines(name: str):
    with open(HERE / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


@lru_cache(maxsize=None)
def load_set(name: str) -> frozenset[str]:
    """The entries of ``<name>.txt``, lowercased."""
    return frozenset(x.lower() for x in _lines(name + ".txt"))


@lru_cache(maxsize=None)
def load_table(name: str) -> dict[str, tuple[str, ...]]:
    """``<name>.tsv`` as {first column (lowercased): (other columns...)}."""
    out = {}
    for line in _lines(name + ".tsv"):
        cols = [c.strip() for c in line.split("\t")]
        out[cols[0].lower()] = tuple(cols[1:])
    return out
