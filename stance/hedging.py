"""Hedging: which expressions lower the certainty of each statement, and whose they are.

Reporter-side: a distancing cue (``claimed``, ``alleged``, ``insisted``) and evidential
flags (``without providing evidence``, ``there was no independent confirmation``,
``reportedly``) in the statement's sentence or in the next sentence of its paragraph.
Speaker-side: epistemic markers inside the content (``may``, ``could``, ``we believe``).
Word sense is checked in context: ``May 5`` and ``as you may know`` are not hedges.
Lexicons are ``lexicons/hedges_reporter.txt`` and ``lexicons/hedges_speaker.txt``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .lexicons import load_set


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    phrases = sorted(load_set(name), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"(?<![\w’'])(?:" + body + r")(?![\w’'])", re.IGNORECASE)


_ADDRESSEE = re.compile(r"\byou\s+(?:may|might)\s+(?:know|recall|remember|have\s+heard|"
                        r"have\s+seen|be\s+aware|be\s+wondering)", re.IGNORECASE)
DISTANCING = frozenset("claim allege insist purport contend".split())
_BACKREF = re.compile(r"\b(?:claim|claims|report|reports|assertion|account|this|that|"
                      r"statement|figure|figures|allegation|allegations|it)\b", re.IGNORECASE)


def speaker_cues(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Epistemic markers inside ``text[start:end]``, in context."""
    out = []
    addressee = [(m.start(), m.end()) for m in _ADDRESSEE.finditer(text, start, end)]
    for m in _pattern("hedges_speaker").finditer(text, start, end):
        w = m.group()
        if w == "May" or w.startswith("May"):
            continue  # the month (lowercase ``may`` is the modal)
        if w.lower() == "may" and re.match(r"\s*\d", text[m.end():m.end() + 3]):
            continue
        if any(a <= m.start() < b for a, b in addressee):
            continue
        out.append((m.start(), m.end()))
    return out


def reporter_flags(text: str) -> list[tuple[int, int]]:
    """Evidential flags anywhere in the text."""
    return [(m.start(), m.end()) for m in _pattern("hedges_reporter").finditer(text)]


def annotate(text: str, sentences, cands, cue_lemmas) -> list[tuple[str, list]]:
    """(hedging label, [(start, end, source)]) for each candidate statement.

    ``sentences`` are the text's sentence spans; ``cue_lemmas[k]`` is the lemma of
    candidate k's cue (or None); candidates carry ``start``, ``end``, ``cue``,
    ``sentence`` and ``paragraph``.
    """
    starts = [a for a, _ in sentences]
    flags = reporter_flags(text)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for a, b in flags:
        si = bisect_right(starts, a) - 1
        by_sentence.setdefault(si, []).append((a, b))
    # statements per sentence, to link a flag in the following sentence
    stmt_sentences = {c.sentence for c in cands}
    out = []
    for k, c in enumerate(cands):
        cues: list[tuple[int, int, str]] = []
        if c.cue and cue_lemmas[k] in DISTANCING:
            cues.append((c.cue[0], c.cue[1], "reporter"))
        for a, b in by_sentence.get(c.sentence, ()):
            cues.append((a, b, "reporter"))
        nxt = c.sentence + 1
        if nxt < len(sentences) and nxt not in stmt_sentences and nxt in by_sentence:
            ns, ne = sentences[nxt]
            same_para = not re.search(r"\n\s*\n", text[c.end:ns])
            if same_para and _BACKREF.search(text, ns, ne):
                cues.extend((a, b, "reporter") for a, b in by_sentence[nxt])
        for a, b in speaker_cues(text, c.start, c.end):
            cues.append((a, b, "speaker"))
        cues = sorted(set(cues))
        sources = {s for _, _, s in cues}
        label = ("both" if len(sources) == 2 else next(iter(sources)) if sources else "none")
        out.append((label, cues))
    return out
