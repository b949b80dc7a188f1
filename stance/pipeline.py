"""The Analyzer: text -> candidate statements -> speakers -> hedging -> stance -> Article."""
from __future__ import annotations

from typing import Iterable, Iterator

from . import hedging, speakers, targets as targets_mod
from .document import Article, HedgeCue, Span, Speaker, StanceLabel, Statement
from .errors import InputError
from .statements import TextDoc, find_candidates

DEFAULT_MAX_CHARS = 20_000_000


def check_text(text) -> str:
    """Return ``text`` if the library can analyze it, else raise InputError."""
    if text is None:
        raise InputError("text is None; expected a str")
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise InputError("text is bytes; decode it first (e.g. data.decode('utf-8'))")
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    return text


class Analyzer:
    """Finds every reported statement of an article, with speaker, hedging and stance.

    Parameters
    ----------
    max_chars : int
        Longest text accepted; longer input raises ``InputError`` (default 20 million).
    """

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS):
        self.max_chars = max_chars

    def __call__(self, text: str, targets=None, id: str | None = None) -> Article:
        return self.analyze(text, targets=targets, id=id)

    def analyze(self, text: str, targets=None, id: str | None = None) -> Article:
        text = check_text(text)
        tgts = targets_mod.check_targets(targets)
        if len(text) > self.max_chars:
            raise InputError(f"text has {len(text):,} characters; the limit is "
                             f"{self.max_chars:,} (Analyzer(max_chars=...))")
        if not text.strip():
            return Article(text=text, targets=tgts, id=id)
        doc = TextDoc(text)
        cands = find_candidates(doc)
        spk = speakers.resolve(text, cands)
        lemmas = [c.cue_info.lemma if c.cue_info else None for c in cands]
        hedges = hedging.annotate(text, doc.sentences, cands, lemmas)
        stmts = []
        for c, s, (hlabel, hcues) in zip(cands, spk, hedges):
            content = Span(c.start, c.end, text[c.start:c.end])
            cue = Span(c.cue[0], c.cue[1], text[c.cue[0]:c.cue[1]]) if c.cue else None
            mention = (Span(c.mention[0], c.mention[1], text[c.mention[0]:c.mention[1]])
                       if c.mention else None)
            stance = tuple(StanceLabel(t, lab) for t, lab in
                           targets_mod.stance_labels(content.text, s.name, tgts))
            stmts.append(Statement(
                content=content, kind=c.kind, cue=cue,
                speaker=Speaker(mention, s.name, s.type), hedging=hlabel,
                hedge_cues=tuple(HedgeCue(a, b, src, text[a:b]) for a, b, src in hcues),
                stance=stance, nested=c.nested))
        return Article(text=text, statements=tuple(stmts), targets=tgts, id=id)

    def pipe(self, texts: Iterable, targets=None, batch_size: int = 64,
             n_jobs: int = 1) -> Iterator[Article]:
        """Analyze a stream of texts (or ``(text, targets)`` pairs); results in order."""
        for item in texts:
            if isinstance(item, tuple):
                yield self.analyze(item[0], targets=item[1] if len(item) > 1 else targets)
            else:
                yield self.analyze(item, targets=targets)


_DEFAULT: Analyzer | None = None


def analyze(text: str, targets=None, id: str | None = None) -> Article:
    """Analyze one article with the default Analyzer."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT.analyze(text, targets=targets, id=id)
