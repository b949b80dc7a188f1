"""The data model: immutable results holding character offsets into the article.

``Article.to_dict()`` and ``Article.from_dict()`` give and take exactly the gold schema of
ANNOTATION.md, so predictions and gold are one format and one scorer reads both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .errors import SchemaError

KINDS = ("direct", "indirect", "mixed")
SPEAKER_TYPES = ("person", "organization", "group", "anonymous")
HEDGING_LABELS = ("none", "speaker", "reporter", "both")
HEDGE_SOURCES = ("speaker", "reporter")
STANCE_LABELS = ("favor", "against", "neutral", "unrelated")


@dataclass(frozen=True, slots=True)
class Span:
    """``text == article[start:end]``."""
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks: the mention written in the text (may be None) and the canonical name."""
    mention: Span | None
    name: str | None
    type: str


@dataclass(frozen=True, slots=True)
class HedgeCue:
    start: int
    end: int
    source: str  # "speaker" or "reporter"
    text: str = ""


@dataclass(frozen=True, slots=True)
class StanceLabel:
    """The stance of one statement toward one target, with class probabilities."""
    target: str
    label: str
    probabilities: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Statement:
    content: Span
    kind: str
    cue: Span | None
    speaker: Speaker
    hedging: str = "none"
    hedge_cues: tuple[HedgeCue, ...] = ()
    hedging_probability: float | None = None
    stance: tuple[StanceLabel, ...] = ()
    nested: bool = False

    @property
    def start(self) -> int:
        return self.content.start

    @property
    def end(self) -> int:
        return self.content.end

    @property
    def text(self) -> str:
        return self.content.text

    def stance_toward(self, target: str) -> str | None:
        for s in self.stance:
            if s.target == target:
                return s.label
        return None

    def to_dict(self) -> dict:
        d = {
            "start": self.content.start, "end": self.content.end, "text": self.content.text,
            "kind": self.kind,
            "cue": self.cue.text if self.cue else None,
            "cue_start": self.cue.start if self.cue else None,
            "cue_end": self.cue.end if self.cue else None,
            "speaker_mention": self.speaker.mention.text if self.speaker.mention else None,
            "speaker_start": self.speaker.mention.start if self.speaker.mention else None,
            "speaker_end": self.speaker.mention.end if self.speaker.mention else None,
            "speaker": self.speaker.name,
            "speaker_type": self.speaker.type,
            "hedging": self.hedging,
            "hedge_cues": [[c.start, c.end, c.source] for c in self.hedge_cues],
            "stance": {s.target: s.label for s in self.stance},
        }
        if self.nested:
            d["nested"] = True
        return d

    @classmethod
    def from_dict(cls, d: Mapping, text: str) -> "Statement":
        """Build from an ANNOTATION.md statement; offsets are checked against ``text``."""
        def span(s_key, e_key, required=False):
            s, e = d.get(s_key), d.get(e_key)
            if s is None or e is None:
                if required:
                    raise SchemaError(f"statement needs {s_key} and {e_key}")
                return None
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
                raise SchemaError(f"bad span {s_key}/{e_key}: ({s!r}, {e!r})")
            return Span(s, e, text[s:e])

        try:
            content = span("start", "end", required=True)
            kind = d.get("kind") or "indirect"
            if kind not in KINDS:
                raise SchemaError(f"kind {kind!r} not in {KINDS}")
            stype = d.get("speaker_type") or "anonymous"
            if stype not in SPEAKER_TYPES:
                raise SchemaError(f"speaker_type {stype!r} not in {SPEAKER_TYPES}")
            hedging = d.get("hedging") or "none"
            if hedging not in HEDGING_LABELS:
                raise SchemaError(f"hedging {hedging!r} not in {HEDGING_LABELS}")
            cues = []
            for c in d.get("hedge_cues") or []:
                s, e, src = c
                if src not in HEDGE_SOURCES or not 0 <= s <= e <= len(text):
                    raise SchemaError(f"bad hedge cue {c!r}")
                cues.append(HedgeCue(int(s), int(e), src, text[s:e]))
            stance = tuple(StanceLabel(str(t), lab) for t, lab in (d.get("stance") or {}).items())
            for s in stance:
                if s.label not in STANCE_LABELS:
                    raise SchemaError(f"stance label {s.label!r} not in {STANCE_LABELS}")
            return cls(content=content, kind=kind, cue=span("cue_start", "cue_end"),
                       speaker=Speaker(span("speaker_start", "speaker_end"), d.get("speaker"),
                                       stype),
                       hedging=hedging, hedge_cues=tuple(cues), stance=stance,
                       nested=bool(d.get("nested")))
        except (TypeError, ValueError) as exc:
            if isinstance(exc, SchemaError):
                raise
            raise SchemaError(f"malformed statement: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Article:
    """One analysed article: its text, targets and statements in text order."""
    text: str
    statements: tuple[Statement, ...] = ()
    targets: tuple[str, ...] = ()
    id: str | None = None
    proposed_targets: tuple[str, ...] = ()

    def __iter__(self):
        return iter(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "targets": list(self.targets),
                "statements": [s.to_dict() for s in self.statements]}

    @classmethod
    def from_dict(cls, d: Mapping) -> "Article":
        if not isinstance(d, Mapping):
            raise SchemaError(f"an article must be a JSON object, not {type(d).__name__}")
        text = d.get("text")
        if not isinstance(text, str):
            raise SchemaError("an article needs a string 'text'")
        stmts = d.get("statements")
        if stmts is None:
            stmts = []
        if not isinstance(stmts, list):
            raise SchemaError("'statements' must be a list")
        return cls(text=text, statements=tuple(Statement.from_dict(s, text) for s in stmts),
                   targets=tuple(d.get("targets") or ()),
                   id=None if d.get("id") is None else str(d.get("id")))
