"""Stance toward targets: for now, whether a statement concerns each target.

A statement that mentions a target (by its content words, or by the speaker being the
target) is ``neutral`` toward it, otherwise ``unrelated``. The trained stance classifier
(issue 6) replaces this baseline.
"""
from __future__ import annotations

import re

from .errors import TargetError

_STOP = frozenset("the a an of to in on for and or is are was be will by with at from "
                  "that this have has had".split())


def check_targets(targets) -> tuple[str, ...]:
    """Validate the caller's targets: an iterable of non-empty strings."""
    if targets is None:
        return ()
    if isinstance(targets, str):
        targets = [targets]
    try:
        out = tuple(targets)
    except TypeError:
        raise TargetError(f"targets must be a list of strings, not {type(targets).__name__}")
    for t in out:
        if not isinstance(t, str) or not t.strip():
            raise TargetError(f"every target must be a non-empty string, got {t!r}")
    return out


def _content_words(s: str) -> set[str]:
    return {w for w in re.findall(r"\w+", s.lower()) if w not in _STOP and len(w) > 2}


def stance_labels(statement_text: str, speaker: str | None, targets) -> list[tuple[str, str]]:
    out = []
    words = _content_words(statement_text) | _content_words(speaker or "")
    for t in targets:
        tw = _content_words(t)
        out.append((t, "neutral" if tw and tw & words else "unrelated"))
    return out
