"""Offsets-preserving text analysis: paragraphs, quotations, sentences, tokens.

Nothing here rewrites the text: every span is a pair of ``str`` indices into the original,
so what later stages report always slices back to what the article says. Every scan is a
single pass of a linear-time regular expression (no nested quantifiers), so time grows
linearly with the input.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicons import load_set

# A paragraph break: a blank line, or markup that breaks a paragraph.
_PARA_BREAK = re.compile(
    r"\n[ \t\r\f\v\u00a0]*\n\s*|(?:\s*<(?:/?p|br\s*/?)\s*>\s*)+", re.IGNORECASE)
# A single line break after sentence-final punctuation also ends a paragraph
# (texts with one newline between paragraphs); one in mid-sentence does not.
_SOFT_BREAK = re.compile(r"(?<=[.!?:\"”’)])[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=\S)")

# Quotation marks. Doubles, PTB pairs and HTML entities are unambiguous or decided by the
# characters around them; single marks are only quotation marks when they open at a word
# start (‘) and close where a quotation can close.
_QUOTE_MARK = re.compile(r"``|''|&quot;|&ldquo;|&rdquo;|[\"“”„«»‘’]")
_OPENERS = {"“": "”", "„": "”", "«": "»", "``": "''", "&ldquo;": "&rdquo;", "‘": "’"}
_CLOSERS = {"”", "»", "&rdquo;", "’"}
# '' closes a ``PTB'' quotation, but some archives open with it too: decided by context
_AMBIGUOUS = {'"', "&quot;", "''"}

_SENT_END = re.compile(r"[.!?]+(?:[\"”’»)\]]|'')*(?=\s)")
_WORD = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:[’'\-]\w+)*|[^\w\s]")
WORD_RE = _WORD  # the tokens of tokenize(), for callers that need only their text


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: ``open``..``close`` are the marks, ``start``..``end`` the words."""
    open: int
    close: int
    start: int
    end: int
    multi_paragraph: bool = False


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building tokens the largest single cost of the pipeline. Hashing and equality are as
# before; nothing assigns to a token.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blank lines, ``<p>``/``<br>`` or a line break after a
    sentence end separate them), each stripped of surrounding whitespace."""
    cuts = [(m.start(), m.end()) for m in _PARA_BREAK.finditer(text)]
    cuts += [(m.start(), m.end()) for m in _SOFT_BREAK.finditer(text)]
    cuts.sort()
    spans, pos = [], 0
    for a, b in cuts:
        if a < pos:
            pos = max(pos, b)
            continue
        spans.append((pos, a))
        pos = b
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _mark_role(text: str, i: int, mark: str) -> str:
    """'open', 'close' or '' (not a quotation mark here) for a straight or single mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark == "’":
        # an apostrophe inside a word (don’t) or after s (troops’ preparedness) is not a mark
        if after.isalnum():
            return ""
        return "close"
    if mark == "‘":
        return "open" if (before.isspace() or before in "([{—–-\"“:") and not after.isspace() \
            else ""
    open_ok = (before.isspace() or before in "([{—–-/:") and not after.isspace()
    close_ok = not before.isspace() and (after.isspace() or not after.isalnum())
    if open_ok and not close_ok:
        return "open"
    if close_ok and not open_ok:
        return "close"
    return "either"


def find_quotes(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Pair quotation marks into quotations, robustly.

    Curly, straight, UK single, PTB (````...''``) and ``&quot;`` marks are handled. A mark
    left open at a paragraph end continues the quotation when the next paragraph opens
    with a mark (the newspaper convention for multi-paragraph quotes); otherwise it is
    dropped. An unmatched mark never raises and never swallows the rest of the text.
    Single marks inside an open double quotation (quotes within quotes) are skipped.
    """
    if paragraphs is None:
        paragraphs = paragraph_spans(text)
    para_starts = [a for a, _ in paragraphs]
    quotes: list[Quote] = []
    open_at = -1          # position of the open mark of the current quotation
    open_len = 0
    open_single = False
    open_para = -1
    continued = False     # the current quotation already crossed a paragraph
    for m in _QUOTE_MARK.finditer(text):
        mark, i = m.group(), m.start()
        para = bisect_right(para_starts, i) - 1
        single = mark in ("‘", "’")
        if open_at >= 0 and para != open_para:
            # the open quotation reached a paragraph end without closing
            opens_para = para == open_para + 1 and i == para_starts[para] and (
                mark in _OPENERS or mark in _AMBIGUOUS) and single == open_single
            if opens_para:
                open_para = para
                continued = True
                continue
            open_at = -1
        if mark in _AMBIGUOUS:
            role = _mark_role(text, i, mark)
        elif single:
            if open_at >= 0 and not open_single:
                continue  # a quote inside a quote, or an apostrophe
            role = _mark_role(text, i, mark)
            if not role:
                continue
            if role == "close" and open_at < 0:
                continue  # apostrophe after a word (troops’)
        elif mark in _OPENERS:
            role = "open"
        else:
            role = "close"
        if open_at < 0:
            if role in ("open", "either"):
                open_at, open_len, open_single, open_para = i, len(mark), single, para
                continued = False
            continue
        if single != open_single:
            continue
        if role == "open":
            open_at, open_len, open_para = i, len(mark), para  # restart at the newer mark
            continued = False
            continue
        start, end = open_at + open_len, i
        if end > start:
            quotes.append(Quote(open_at, i + len(mark), start, end, continued))
        open_at = -1
    return quotes


def abbreviations() -> frozenset[str]:
    return load_set("abbreviations")


def sentence_spans(text: str, paragraphs: list[tuple[int, int]],
                   quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans inside paragraphs. No sentence ends inside a quotation, nor after an
    abbreviation (``Col.``, ``U.S.``, ``Sen.``) or an initial."""
    abbr = abbreviations()
    inside = sorted((q.start, q.end) for q in quotes)
    q_starts = [a for a, _ in inside]
    out = []
    for a, b in paragraphs:
        pos = a
        for m in _SENT_END.finditer(text, a, b):
            end = m.end()
            nxt = end
            while nxt < b and text[nxt].isspace():
                nxt += 1
            if nxt >= b:
                break
            c = text[nxt]
            if not (c.isupper() or c.isdigit() or c in "\"“‘'`(«["):
                continue
            k = bisect_right(q_starts, m.start()) - 1
            if k >= 0 and inside[k][0] <= m.start() < inside[k][1] and \
                    not (m.end() >= inside[k][1]):
                continue
            if text[m.start()] == ".":
                w = m.start()
                while w > a and not text[w - 1].isspace() and text[w - 1] not in "(\"“‘":
                    w -= 1
                word = text[w:m.start()]
                if word.lower().rstrip(".") in abbr or (len(word) == 1 and word.isupper()):
                    continue
                if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
                    continue  # U.S. / U.N.
            out.append((pos, end))
            pos = nxt
        if pos < b:
            out.append((pos, b))
    return out


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
