"""Candidate statements from rules: reporting cues, their speakers' phrases and their content.

Each sentence is scanned for reporting cues from ``lexicons/cues.tsv`` (outside direct
quotations: reports nested inside a quote are not statements). Each cue is read as one of
the attribution frames of news English (Pareti 2015; Newell et al. 2018):

``subject``      ``X said (that) C`` / ``X told reporters C`` / ``X vowed to C``
``postposed``    ``C, X said.`` / ``“C,” X said.`` (and the split quote ``“C1,” X said, “C2.”``)
``inverted``     ``C, said X.``
``according``    ``According to X, C`` / ``C, according to X.``
``coordinated``  ``X said A and called on B`` / ``..., adding that C`` (speaker inherited)
``relative``     ``X, who said C``
``appositive``   ``X, a spokesman for Y, said C``
``passive``      ``it was reported that C`` (anonymous)
``continuation`` a quotation with no cue of its own, continuing the last speaker

Content boundaries follow ANNOTATION.md: quotation marks and a joining comma are left out
of direct content; ``that`` and the final period are left out of indirect content; a quote
that runs over paragraphs or is split by its attribution is one statement.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .lexicons import load_table
from .text import (WORD_RE, Quote, Token, find_quotes, paragraph_spans, sentence_spans,
                   tokenize)

QUOTE_CHARS = set("\"“”„«»‘’`'")
BOUNDARY_PUNCT = set(",;:—–()[]<>") | QUOTE_CHARS  # <> end markup (<p>, </b>)
CLAUSE_WORDS = frozenset("""that which who whom whose as while because but and when after
    before if although though since where whereas so until unless once than or nor whether
    why how what""".split())
LEADING_ADVERBS = frozenset("""but and so yet meanwhile however still later then now earlier
    also separately previously instead indeed moreover furthermore finally first second
    yesterday today tonight here there thus hence""".split())
AUXILIARIES = frozenset("""has have had also later previously then repeatedly would will could
    did does do is was once again reportedly allegedly publicly recently earlier further
    separately however now quickly simply flatly only has've already privately
    openly loudly angrily calmly quietly initially originally first last never often
    frequently always just subsequently immediately still even not may might can
    should must shall""".split())
ADJUNCT_WORDS = frozenset("""in on at during after before with to via from by a an the his her
    its their this that last late early earlier later statement interview news conference
    press briefing release email emailed phone call speech remarks post posted video
    television televised radio broadcast program programme message letter tweet told
    reporters journalists sunday monday tuesday wednesday thursday friday saturday morning
    afternoon evening night week weekend month year yesterday today tonight recently
    previously also again then separately emphatically firmly flatly repeatedly publicly
    privately online social media twitter x facebook website site blog podcast hearing
    testimony court filing filings document documents report written prepared
    """.split())
OPENING_PREPOSITIONS = frozenset("""during in at after before since for with while when as if
    although though despite on under over by""".split())
POSTPOSED_NEXT = frozenset([",", ".", "!", "?", ";", "—", "–", "(", ":"])
ADJUNCT_START = frozenset("""in at on during after before while as when from via to last this
    of about referring pointing
    earlier later recently yesterday today tonight sunday monday tuesday wednesday thursday
    friday saturday""".split())
DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())
PASSIVE_AUX = frozenset("was were is are been being be".split())
OBJECT_SKIP_LEMMAS = frozenset("tell ask urge call on appeal implore press advise inform "
                               "assure remind warn".split())
AUX_VERBS = frozenset("""is are was were will would can could has have had should must may
    might shall did does do be been being won't wouldn't can't couldn't isn't aren't wasn't
    weren't hasn't haven't hadn't didn't doesn't don't""".split())
NON_CLAUSE_NEXT = frozenset("of about against on for with over".split())
NOUNLIKE = frozenset("""state claim report comment post note answer tweet demand charge call
    estimate forecast signal press counter remark promise pledge reply respond recall quip
    joke plea question statement""".split())
QUANTIFIERS = frozenset("""one another two three four some several many both most other
    senior top former""".split())
SUBJECT_PRONOUNS = frozenset("he she it they we i who".split())
GROUP_HEADS = frozenset("""officials police authorities experts analysts critics sources
    residents witnesses investigators prosecutors lawmakers leaders aides""".split())
PARTICLES = frozenset("off up back in out down over around away upon into".split())
CLAIM_OBJECTS = ("responsibility", "credit", "victory", "the lives", "the life", "a seat",
                 "the title", "the seat", "the prize", "the top", "ownership", "asylum",
                 "lives", "damages", "compensation", "the crown", "a record", "the record")


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    complement: str
    cls: str


@dataclass(slots=True)
class Candidate:
    """A statement candidate: spans are ``str`` offsets into the article."""
    start: int
    end: int
    kind: str
    pattern: str
    sentence: int
    paragraph: int
    cue: tuple[int, int] | None = None
    cue_info: Cue | None = None
    mention: tuple[int, int] | None = None
    inherit: "Candidate | None" = None  # the candidate whose speaker this one takes
    anonymous: bool = False
    nested: bool = False
    features: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# the cue lexicon
# ---------------------------------------------------------------------------
def _inflections(lemma: str) -> set[str]:
    out = {lemma}
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        out.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        out.add(lemma[:-1] + "ies")
    else:
        out.add(lemma + "s")
    if lemma.endswith("e"):
        out |= {lemma + "d", lemma[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        out |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        out |= {lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@lru_cache(maxsize=None)
def cue_lexicon() -> tuple[dict[str, Cue], dict[str, list[tuple[tuple[str, ...], Cue]]]]:
    """(single-word form -> Cue, first word -> [(words, Cue)]) from ``cues.tsv``."""
    single: dict[str, Cue] = {}
    multi: dict[str, list] = {}
    for lemma, cols in load_table("cues").items():
        cue = Cue(lemma, cols[0], cols[1])
        extra = [f.strip() for f in cols[2].split(",")] if len(cols) > 2 and cols[2] else []
        words = lemma.split()
        if len(words) == 1:
            forms = _inflections(lemma) | set(extra)
            for f in forms:
                single.setdefault(f, cue)
        else:
            forms = {lemma} | set(extra)
            for f in forms:
                ws = tuple(f.split())
                multi.setdefault(ws[0], []).append((ws, cue))
    return single, multi


@lru_cache(maxsize=None)
def _cue_first_words() -> frozenset[str]:
    """Every lower-cased word that ``_Sentence.cues`` can start a cue with."""
    single, multi = cue_lexicon()
    return frozenset(single) | frozenset(multi)


# ---------------------------------------------------------------------------
# the analysed text
# ---------------------------------------------------------------------------
class TextDoc:
    """The text with its paragraphs, quotations and sentences, computed once."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self.quotes: list[Quote] = find_quotes(text, self.paragraphs)
        self.sentences = sentence_spans(text, self.paragraphs, self.quotes)
        self._para_starts = [a for a, _ in self.paragraphs]
        self._sent_starts = [a for a, _ in self.sentences]
        self._q_starts = [q.start for q in self.quotes]

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)

    def sentence_of(self, pos: int) -> int | None:
        """Index of the sentence that starts at or before ``pos``."""
        k = bisect_right(self._sent_starts, pos) - 1
        return k if k >= 0 else None

    def quote_at(self, pos: int) -> Quote | None:
        """The quotation whose content holds ``pos``."""
        k = bisect_right(self._q_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return self.quotes[k]
        return None

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        k = max(0, bisect_right(self._q_starts, start) - 1)
        out = []
        for i in range(k, len(self.quotes)):
            q = self.quotes[i]
            if q.open >= end:
                break
            if q.close > start and q.open < end:
                out.append(q)
        return out


def _is_punct(tok: Token) -> bool:
    return not tok.text[0].isalnum() and not tok.text[0] == "_"


def _is_quote_tok(tok: Token) -> bool:
    return tok.text in QUOTE_CHARS or tok.text in ("&", "quot", "ldquo", "rdquo")


# ---------------------------------------------------------------------------
# frames in one sentence
# ---------------------------------------------------------------------------
def _inside_quotes(doc: TextDoc, start: int, toks: list[Token]) -> list[bool]:
    """``[doc.quote_at(t.start) is not None for t in toks]`` in one forward pass over the
    quotations (tokens come in text order, all at or after ``start``)."""
    quotes, starts = doc.quotes, doc._q_starts
    if not quotes:
        return [False] * len(toks)
    k, last = bisect_right(starts, start) - 1, len(quotes) - 1
    out = []
    for t in toks:
        pos = t.start
        while k < last and starts[k + 1] <= pos:
            k += 1
        out.append(k >= 0 and quotes[k].start <= pos < quotes[k].end)
    return out


class _Sentence:
    def __init__(self, doc: TextDoc, index: int):
        self.doc = doc
        self.index = index
        self.start, self.end = doc.sentences[index]
        self.paragraph = doc.paragraph_of(self.start)
        self.toks = tokenize(doc.text, self.start, self.end)
        self.inq = _inside_quotes(doc, self.start, self.toks)

    # -- cue detection -----------------------------------------------------
    def cues(self) -> list[tuple[int, int, Cue]]:
        """(first token, last token, Cue) of each cue outside quotations."""
        single, multi = cue_lexicon()
        toks, out, i = self.toks, [], 0
        while i < len(toks):
            if self.inq[i]:
                i += 1
                continue
            w = toks[i].lower
            hit = None
            for words, cue in multi.get(w, ()):
                n = len(words)
                if i + n <= len(toks) and all(
                        toks[i + k].lower == words[k] and not self.inq[i + k]
                        for k in range(n)):
                    hit = (i, i + n - 1, cue)
                    break
            if hit is None and w in single and self._verb_use(i, single[w]):
                hit = (i, i, single[w])
            if hit is not None:
                out.append(hit)
                i = hit[1] + 1
            else:
                i += 1
        return out

    def _verb_use(self, i: int, cue: Cue) -> bool:
        """Is the cue word at ``i`` used as a reporting verb here?"""
        toks = self.toks
        tok = toks[i]
        prev = toks[i - 1].lower if i > 0 else ""
        if tok.text[0].isupper() and i > 0 and not _is_quote_tok(toks[i - 1]):
            return False  # a name (Said, the Washington Post)
        if prev in DETERMINERS or prev in ("to",) and cue.lemma != "say":
            return False  # a noun (the report, a note) or an infinitive (to say)
        if tok.lower.endswith("ing") and prev not in (",", "as", "was", "were", "is", "are",
                                                       "been", "while", "by", "without"):
            return False
        if cue.lemma in NOUNLIKE and not tok.lower.endswith(("ed", "ing")) and \
                tok.lower not in ("told", "wrote", "said") and not (
                    prev in SUBJECT_PRONOUNS or (i > 0 and toks[i - 1].text[0].isupper())
                    or prev in GROUP_HEADS):
            return False  # ``member states``, ``Republican claims``
        nxt = " ".join(t.lower for t in toks[i + 1:i + 3])
        if cue.lemma == "claim" and nxt.startswith(CLAIM_OBJECTS):
            return False
        return True

    # -- helpers -----------------------------------------------------------
    @cached_property
    def _boundaries(self) -> list[int]:
        """``_boundaries[j]``: the clause boundary token at or left of token ``j`` (-1:
        none), computed in one pass so that finding it for every cue stays linear."""
        toks, out = self.toks, []
        for j, t in enumerate(toks):
            if t.text == ")" and not self.inq[j]:
                # ``Sen. Claire McCaskill (D-Mo.) said``: a parenthesis belongs to the phrase
                k = j - 1
                while k >= 0 and toks[k].text != "(" and j - k < 12:
                    k -= 1
                if k >= 0 and toks[k].text == "(":
                    out.append(out[k - 1] if k > 0 else -1)
                    continue
            if self.inq[j] or (_is_punct(t) and (t.text in BOUNDARY_PUNCT or t.text == "&")) \
                    or t.lower in CLAUSE_WORDS:
                out.append(j)
            else:
                out.append(out[j - 1] if j > 0 else -1)
        return out

    @cached_property
    def _prefix(self) -> tuple[list[int], list[int]]:
        """Running counts of word tokens and of tokens inside quotations:
        ``words[k]``/``quoted[k]`` count those among ``toks[:k]``."""
        words, quoted = [0], [0]
        for t, q in zip(self.toks, self.inq):
            words.append(words[-1] + (not _is_punct(t)))
            quoted.append(quoted[-1] + q)
        return words, quoted

    def _boundary_left(self, i: int) -> int:
        """Index of the clause boundary token left of token ``i`` (-1: sentence start)."""
        return self._boundaries[i - 1] if i > 0 else -1

    def _trim_region(self, lo: int, hi: int) -> tuple[int, int]:
        """Trim leading adverbs and trailing auxiliaries from tokens lo..hi-1."""
        toks = self.toks
        while lo < hi and (toks[lo].lower in LEADING_ADVERBS or _is_punct(toks[lo])):
            lo += 1
        while hi > lo and (toks[hi - 1].lower in AUXILIARIES or _is_punct(toks[hi - 1])):
            hi -= 1
        if hi - lo > 14:
            lo = hi - 6
        return lo, hi

    def _np_right(self, j: int) -> tuple[int, int]:
        """Noun phrase starting at token ``j`` (for ``said X``/``according to X``)."""
        toks = self.toks
        k = j
        while k < len(toks):
            t = toks[k]
            if self.inq[k] or (_is_punct(t) and t.text not in ("-", "’", "'", ".", "&")):
                break
            if t.lower in ("who", "which", "that", "in", "on", "at", "during", "after",
                           "before", "when", "while", "as", "because", "told", "to", "via",
                           "late", "earlier", "last", "adding", "saying", "citing",
                           "without") and k > j:
                break
            k += 1
        while k > j and toks[k - 1].text in (".", "-", "’", "'", "&"):
            k -= 1
        return j, k

    def _span(self, lo: int, hi: int) -> tuple[int, int]:
        return self.toks[lo].start, self.toks[hi - 1].end

    def _looks_like_clause(self, j: int) -> bool:
        for t in self.toks[j:j + 14]:
            if t.lower in AUX_VERBS or re.fullmatch(r"[a-z]{3,}ed", t.text):
                return True
            if _is_punct(t) and t.text in ".;":
                break
        return False

    def _right_content_start(self, j: int, cue: Cue) -> int | None:
        """First token of the content right of a cue ending before token ``j``; None when
        the cue takes no reportable complement here."""
        toks, n = self.toks, len(self.toks)
        if j >= n:
            return None
        # skip ``in a statement``, ``Sunday``, ``told reporters`` ... up to a near ``that``
        for k in range(j, min(n, j + 9)):
            t = toks[k]
            if t.lower == "that" and not self.inq[k]:
                if all(toks[m].lower in ADJUNCT_WORDS or toks[m].text[0].isupper()
                       or toks[m].text == "," for m in range(j, k)):
                    return k + 1 if k + 1 < n else None
                break
            if self.inq[k] or t.text in (".", ";") or t.lower in CLAUSE_WORDS:
                break
        # ``said on the other hand, “C”`` / ``said in a statement: “C”``
        for k in range(j, min(n - 1, j + 8)):
            if self.inq[k] or toks[k].lower == "that" or toks[k].text in (".", ";"):
                break
            if toks[k].text in (",", ":") and k > j and (
                    self.inq[k + 1] or _is_quote_tok(toks[k + 1])):
                return k + 1
        first = toks[j]
        if first.text in (":", ",") and j + 1 < n:
            if self.inq[j + 1] or _is_quote_tok(toks[j + 1]):
                return j + 1
            if first.text == ":":
                return j + 1
        if self.inq[j] or _is_quote_tok(first):
            return j
        if first.lower in NON_CLAUSE_NEXT:
            return None
        if cue.complement == "obj_to" or cue.lemma in OBJECT_SKIP_LEMMAS:
            for k in range(j, min(n, j + 9)):
                if toks[k].lower == "to" and k + 1 < n and toks[k + 1].text[0].isalpha():
                    return k
                if toks[k].lower in ("whether", "if", "why", "how", "what", "when") \
                        and cue.lemma == "ask":
                    return k
                if self.inq[k] or toks[k].text in (".", ";", ","):
                    break
            if cue.complement == "obj_to":
                return None
            # told (reporters|the BBC|him) C
            k = j
            if toks[k].lower in DETERMINERS:
                k += 1
            while k < n and (toks[k].text[0].isupper() or toks[k].lower in (
                    "reporters", "journalists", "him", "her", "them", "us", "me", "lawmakers",
                    "parliament", "supporters", "residents", "listeners", "viewers",
                    "investors", "analysts", "employees", "staff", "members", "students",
                    "the", "crowd", "audience", "press", "media", "committee", "court",
                    "jury", "judge", "police", "officers", "officials", "colleagues")):
                k += 1
                if k - j > 4:
                    break
            return k if k < n and self._looks_like_clause(k) else None
        if cue.complement == "obj_of":
            for k in range(j, min(n, j + 10)):
                if toks[k].lower == "of":
                    return j
                if self.inq[k] or toks[k].text in (".", ";"):
                    break
            return None
        if cue.complement == "inf":
            if first.lower == "to":
                return j
            return j if self._looks_like_clause(j) else None
        if first.lower in ("whether", "why", "how", "what", "if") and cue.lemma in (
                "ask", "explain", "question", "wonder"):
            return j
        if cue.complement == "np":
            return j if first.lower not in PARTICLES and first.text[0].isalnum() else None
        if cue.complement == "obj_pred":
            if first.lower in PARTICLES or first.lower in ("for", "on", "to", "upon"):
                return None
            return j if any(self.inq[k] or toks[k].lower in ("as", "a", "an", "the")
                            or toks[k].text[0].islower() for k in range(j, min(n, j + 4))) \
                else None
        if cue.complement == "marked":
            if first.lower == "to" and cue.cls == "request":
                return j
            if first.lower in SUBJECT_PRONOUNS - {"who"} and self._looks_like_clause(j):
                return j
            return None
        # clause verbs: ``said`` takes a bare clause; others need to look like one
        if self._adjunct_only(j, n):
            return None  # ``said at a Washington event this month``
        if cue.lemma == "say" or self._looks_like_clause(j):
            return j
        return None

    def _adjunct_only(self, j: int, hi: int) -> bool:
        """Tokens j..hi-1 hold no content (``in a statement``, ``on Sunday``, ``.``)."""
        if hi - j > 10:
            return False
        for t in self.toks[j:hi]:
            if _is_punct(t):
                continue
            if t.lower not in ADJUNCT_WORDS and not t.text[0].isupper() and \
                    not t.text[0].isdigit():
                return False
        return hi - j <= 10

    # -- frames --------------------------------------------------------------
    def frames(self) -> list[Candidate]:
        cues = self.cues()
        if not cues:
            return []
        # the left edge of each frame's territory, to end the previous frame's content
        out: list[Candidate] = []
        edges: list[int] = []
        for ci, (i, j, cue) in enumerate(cues):
            cand = self._frame(i, j, cue, out)
            if cand is not None:
                out.append(cand)
                edges.append(cand.features.pop("_edge"))
        # a content running right stops where the next frame begins (looking a few frames
        # ahead), and holds at most one nested report: ``A said B said C said D ...``
        # would otherwise nest without bound and grow the output with the square of it
        for k, cand in enumerate(out):
            if cand.features.get("right"):
                nxt = next((edges[t] for t in range(k + 1, min(len(edges), k + 17))
                            if edges[t] > cand.start), None)
                if nxt is not None and nxt < cand.end:
                    cand.end = nxt
                if k + 2 < len(out) and cand.start < out[k + 2].cue[0] < cand.end:
                    cand.end = out[k + 2].cue[0]
        return out

    def _frame(self, i: int, j: int, cue: Cue, prev: list[Candidate]) -> Candidate | None:
        toks, n = self.toks, len(self.toks)
        cue_span = (toks[i].start, toks[j].end)
        base = dict(sentence=self.index, paragraph=self.paragraph, cue=cue_span, cue_info=cue)
        if cue.lemma == "according to":
            lo, hi = self._np_right(j + 1)
            if hi <= lo:
                return None
            mention = self._span(lo, hi)
            left = self._left_content(i)
            if left is not None:
                s, e = left
                return Candidate(s, e, "", "according_end", mention=mention,
                                 features={"_edge": s}, **base)
            k = hi
            while k < n and toks[k].text in (",", ":"):
                k += 1
            if k >= n:
                return None
            return Candidate(toks[k].start, self.end, "", "according_front", mention=mention,
                             features={"_edge": toks[i].start, "right": True}, **base)
        b = self._boundary_left(i)
        lo, hi = self._trim_region(b + 1, i)
        btok = toks[b].lower if b >= 0 else ""
        # passive: ``it was reported that``
        if i > 0 and toks[i - 1].lower in PASSIVE_AUX:
            if i > 1 and toks[i - 2].lower == "it":
                k = self._right_content_start(j + 1, cue)
                if k is None:
                    return None
                return Candidate(toks[k].start, self.end, "", "passive", anonymous=True,
                                 features={"_edge": toks[i - 2].start, "right": True}, **base)
            return None
        right_k = self._right_content_start(j + 1, cue)
        if hi > lo:
            mention = self._span(lo, hi)
            edge = toks[b].start if b >= 0 else self.start
            # ``C, X said.`` / ``“C,” X said.``: nothing reportable follows the cue
            after = toks[j + 1].lower if j + 1 < n else "."
            jj = j + 1
            if cue.lemma == "tell":
                jj = self._skip_object(j + 1)
                after = toks[jj].lower if jj < n else "."
            left_quoted = self._prefix[1][lo] > 0
            if after == "," and jj + 1 < n and (self.inq[jj + 1] or _is_quote_tok(
                    toks[jj + 1])) and not left_quoted and right_k is not None:
                pass  # ``X said, "C"``: the content is on the right
            elif self._adjunct_only(jj, n) or (
                    b >= 0 and (toks[b].text in ",”\"’'" or _is_quote_tok(toks[b])) and
                    (after in POSTPOSED_NEXT or after in ADJUNCT_START) and
                    not self._that_follows(j + 1)):
                left = self._left_content(lo)
                if left is None:
                    short = self._short_left(lo)
                    if short is None or right_k is None and not self._rest_after_comma(jj):
                        return None
                    # ``It was, the president said, C``: the content covers the cue;
                    # ``Then, she said, C``: it starts after the cue
                    s0 = short if short >= 0 else None
                    rest = self._rest_after_comma(jj)
                    if rest is None:
                        return None
                    s = s0 if s0 is not None else rest
                    return Candidate(s, self.end, "", "postposed", mention=mention,
                                     features={"_edge": s}, **base)
                s, e = self._extend_split(left, jj)
                return Candidate(s, e, "", "postposed", mention=mention,
                                 features={"_edge": s, "right": e == self.end}, **base)
            if right_k is None:
                return None
            end = self.end
            if cue.complement == "inf" and toks[right_k].lower == "to":
                end = self._clause_end(right_k)
            return Candidate(toks[right_k].start, end, "", "subject", mention=mention,
                             features={"_edge": edge, "right": True}, **base)
        # empty subject region
        if btok in ("who", "which") and b >= 1 and toks[b - 1].text == ",":
            b2 = self._boundary_left(b - 1)
            lo2, hi2 = self._trim_region(b2 + 1, b - 1)
            if hi2 > lo2 and right_k is not None:
                return Candidate(toks[right_k].start, self.end, "", "relative",
                                 mention=self._span(lo2, hi2),
                                 features={"_edge": toks[b].start, "right": True}, **base)
            return None
        if btok in ("and", "but", ",") and (
                btok != "," or toks[i].lower.endswith("ing")) and not (
                btok == "," and not prev and self._left_content(i) is not None and
                not toks[i].lower.endswith("ing")):
            if right_k is None:
                return None
            feats = {"_edge": toks[b].start, "right": True}
            if prev:
                return Candidate(toks[right_k].start, self.end, "", "coordinated",
                                 mention=prev[-1].mention, inherit=prev[-1],
                                 features=feats, **base)
            # ``X took Aleppo and claimed to ...`` / ``X tweeted, saying ...``: the
            # sentence's subject speaks
            subj = self._sentence_subject(b)
            if subj is None:
                return None
            return Candidate(toks[right_k].start, self.end, "", "coordinated",
                             mention=self._span(*subj), features=feats, **base)
        # ``C, said X.``
        if b >= 0 and (toks[b].text in ",”\"’'" or self.inq[b]) and j + 1 < n:
            nlo, nhi = self._np_right(j + 1)
            if nhi > nlo and (toks[nlo].text[0].isupper() or toks[nlo].lower in DETERMINERS
                              or toks[nlo].lower in QUANTIFIERS or toks[nlo].lower in
                              GROUP_HEADS) and (
                    nhi >= n or toks[nhi].text in (",", ".", "!", "?", ";", "—", "–")
                    or self._adjunct_only(nhi, n)):
                left = self._left_content(i)
                if left is not None:
                    s, e = self._extend_split(left, nhi, quotes_only=True)
                    return Candidate(s, e, "", "inverted", mention=self._span(nlo, nhi),
                                     features={"_edge": s}, **base)
        # ``X, a spokesman for Y, said C``
        if b >= 0 and toks[b].text == "," and right_k is not None:
            b2 = self._boundary_left(b)
            while b2 >= 0 and toks[b2].text != ",":
                b2 = self._boundary_left(b2)
            if b2 >= 0:
                b3 = self._boundary_left(b2)
                lo3, hi3 = self._trim_region(b3 + 1, b2)
                if hi3 > lo3:
                    return Candidate(toks[right_k].start, self.end, "", "appositive",
                                     mention=self._span(lo3, hi3),
                                     features={"_edge": toks[lo3].start, "right": True},
                                     **base)
        return None

    def _skip_object(self, j: int) -> int:
        """Skip the addressee of ``told`` (``Bill O'Reilly of Fox News``, ``reporters``)."""
        toks, n = self.toks, len(self.toks)
        k = j
        while k < n and not self.inq[k] and toks[k].text not in (",", ".", ";", ":") and \
                toks[k].lower != "that" and k - j < 8 and (
                    toks[k].text[0].isupper() or toks[k].lower in DETERMINERS or
                    toks[k].lower in ("of", "some", "reporters", "journalists", "him", "her",
                                      "them", "us", "me") or toks[k].lower in ADJUNCT_WORDS or
                    toks[k].lower.endswith("s") or toks[k].text in ("’", "'")):
            k += 1
        return k

    def _short_left(self, lo: int) -> int | None:
        """For a clause with at most two words before its comma: the content start
        (-1: after the cue, when the words are only a connective), else None."""
        toks = self.toks
        k = lo - 1
        while k >= 0 and toks[k].text in (",", "—", "–"):
            k -= 1
        if k < 0:
            return None
        if not self._prefix[0][k + 1]:
            return None
        if all(w.lower in LEADING_ADVERBS or w.lower.endswith("ly")
               for w in toks[:k + 1] if not _is_punct(w)):
            return -1
        return self.start

    def _rest_after_comma(self, j: int) -> int | None:
        """Start of the text after the comma that closes the attribution at token j."""
        toks, n = self.toks, len(self.toks)
        k = j
        while k < n and toks[k].text != "," and not self.inq[k] and k - j < 10:
            k += 1
        if k < n and toks[k].text == "," and k + 1 < n:
            return toks[k + 1].start
        return None

    def _that_follows(self, j: int) -> bool:
        for t in self.toks[j:j + 8]:
            if t.lower == "that":
                return True
            if t.text in (",", ".", ";"):
                return False
        return False

    def _clause_end(self, k: int) -> int:
        """End of an infinitive complement: before ``, but`` / ``, while`` / ``;``."""
        stops = self._clause_stops
        at = bisect_right(stops, k)
        return self.toks[stops[at]].start if at < len(stops) else self.end

    @cached_property
    def _clause_stops(self) -> list[int]:
        """Tokens that end an infinitive complement (``;``, ``, but``), in order."""
        toks = self.toks
        return [m for m in range(len(toks) - 1) if not self.inq[m] and (
            toks[m].text == ";" or (toks[m].text == "," and toks[m + 1].lower in (
                "but", "while", "although", "though", "whereas", "and")))]

    def _sentence_subject(self, b: int) -> tuple[int, int] | None:
        """The noun phrase opening the sentence, up to its first verb-like word."""
        toks = self.toks
        k = 0
        while k < b and toks[k].lower in LEADING_ADVERBS:
            k += 1
        lo = k
        while k < b and not _is_punct(toks[k]) and toks[k].lower not in AUX_VERBS and \
                k - lo <= 8:
            if k > lo and re.fullmatch(r"[a-z]+(?:ed|ook|ok)", toks[k].text) and not (
                    k + 1 < b and toks[k + 1].lower == "by"):
                break  # a verb, unless a participle modifier (``led by``)
            k += 1
        if k == lo or k - lo > 8:
            return None
        return lo, k

    def _left_content(self, i: int) -> tuple[int, int] | None:
        """Content left of token ``i`` (from the sentence start to the joining comma or
        the end of the quotation); None when only a connective is there."""
        toks = self.toks
        k = i - 1
        while k >= 0 and (toks[k].text in (",", "—", "–", ":") or
                          (_is_quote_tok(toks[k]) and not self.inq[k])):
            k -= 1
        if k < 0:
            return None
        words, quoted = self._prefix
        if words[k + 1] <= 2 and not quoted[k + 1]:
            return None
        return self.start, toks[k].end

    def _extend_split(self, left: tuple[int, int], j: int,
                      quotes_only: bool = False) -> tuple[int, int]:
        """``“C1,” X said, “C2.”`` and ``The museum, he said, would ...``: a content
        interrupted by its attribution runs on to the sentence end, cue included; after
        an opening adverbial (``During his term, he said, C``) only the right part is
        content."""
        toks, n = self.toks, len(self.toks)
        k = j
        while k < n and (self.toks[k].lower in ADJUNCT_WORDS or toks[k].text[0].isupper()) \
                and not self.inq[k] and toks[k].text not in (",", "."):
            k += 1
        if k < n and toks[k].text == "," and k + 1 < n and toks[k + 1].text[0] not in ".!?":
            if quotes_only and not (self.inq[k + 1] or _is_quote_tok(toks[k + 1])):
                return left  # ``C, said X, known as Y``: what follows describes X
            if self._adjunct_only(k + 1, n):
                return left  # ``C, Trump warned in Everett, Wash., recently``
            first = toks[0].lower if not _is_quote_tok(toks[0]) else ""
            if first in OPENING_PREPOSITIONS:
                return toks[k + 1].start, self.end
            return left[0], self.end
        return left


# ---------------------------------------------------------------------------
# content boundaries and kind
# ---------------------------------------------------------------------------


def _finish(doc: TextDoc, cand: Candidate) -> Candidate | None:
    """Fit the content to ANNOTATION.md's boundaries and decide its kind."""
    text = doc.text
    s, e = cand.start, cand.end
    # grow over quotations the content cuts (multi-paragraph or sentence-split quotes)
    for q in doc.quotes_in(s, e):
        if q.start < e and q.end > e and q.open >= s - 1:
            e = q.close
        if q.start > s > q.open:
            s = q.open
    while s < e and (_blank(text[s]) or text[s] in ",;:—–"):
        s += 1
    if text.startswith("that ", s):
        s += 5
    while e > s and (_blank(text[e - 1]) or text[e - 1] in ",;:—–-"):
        e -= 1
    # nor is markup at either edge (``</p>``, ``<b>``)
    while s < e and text[s] == "<" and (m := _TAG.match(text, s, e)):
        s = m.end()
        while s < e and _blank(text[s]):
            s += 1
    while e > s and text[e - 1] == ">":
        lt = text.rfind("<", max(s, e - 200), e)
        if lt < 0 or not _TAG.fullmatch(text, lt, e):
            break
        e = lt
        while e > s and _blank(text[e - 1]):
            e -= 1
    # a double mark that pairs with nothing (an unbalanced quote) is not content
    while s < e and text[s] in '"“„«' and not doc.quotes_in(s, s + 1):
        s += 1
        while s < e and _blank(text[s]):
            s += 1
    while e > s and text[e - 1] in '"”»“' and not doc.quotes_in(e - 1, e):
        e -= 1
        while e > s and _blank(text[e - 1]):
            e -= 1
    if e <= s:
        return None
    quotes = doc.quotes_in(s, e)
    inner = [q for q in quotes if q.open >= s - 1 and q.close <= e + 1]
    # the content with its quotations blanked out, built in one pass (quotations are
    # disjoint and in text order)
    pieces, pos = [], s
    for q in inner:
        a, b = max(q.open, s), min(q.close, e)
        if a < pos:
            continue
        pieces += [text[pos:a], " " * (b - a)]
        pos = b
    pieces.append(text[pos:e])
    outside = "".join(pieces)
    if cand.cue:
        ca, cb = cand.cue[0] - s, cand.cue[1] - s
        if 0 <= ca < cb <= len(outside):
            outside = outside[:ca] + " " * (cb - ca) + outside[cb:]
    if cand.mention:
        ma, mb = cand.mention[0] - s, cand.mention[1] - s
        if 0 <= ma < mb <= len(outside):
            outside = outside[:ma] + " " * (mb - ma) + outside[mb:]
    rest_words = re.findall(r"\w+", outside)
    if inner and not rest_words:
        # all quotation: direct, inside the marks
        s = inner[0].start
        e = inner[-1].end
        while e > s and (text[e - 1] in ", " or text[e - 1].isspace()):
            e -= 1
        kind = "direct"
    else:
        titles = all(_title_like(text[q.start:q.end]) for q in inner)
        kind = "mixed" if inner and not titles else "indirect"
        # the final period (and a closing mark right after it) is not content
        while e > s and text[e - 1] in ".\"”’'" and (
                text[e - 1] == "." or text[e - 2:e - 1] == "."):
            e -= 1
            if text[e - 1:e] == ".":
                e -= 1
                break
        while e > s and (_blank(text[e - 1]) or text[e - 1] in ",;:—–"):
            e -= 1
    flag = _JOINED_FLAG.search(text, s, e)
    if flag and kind != "direct":
        e = flag.start()
    if e <= s or not re.search(r"\w", text[s:e]):
        return None
    cand.start, cand.end, cand.kind = s, e, kind
    return cand


_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,190})?/?>")


def _blank(ch: str) -> bool:
    """Whitespace, or a control or format character (NUL, ESC, zero-width space, BOM):
    never the first or last character of a content."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


_JOINED_FLAG = re.compile(
    r",?\s+without (?:providing|offering|giving|citing|presenting|showing) "
    r"(?:any )?(?:evidence|proof|details)", re.IGNORECASE)


def _title_like(s: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’'-]*", s)
    return 0 < len(words) <= 5 and all(w[0].isupper() or w.lower() in (
        "of", "the", "and", "a", "an", "in", "on", "for", "to") for w in words)


def find_candidates(doc: TextDoc) -> list[Candidate]:
    """All statement candidates of a document, in text order."""
    cands: list[Candidate] = []
    first_words = _cue_first_words()
    for si, (a, b) in enumerate(doc.sentences):
        # A sentence with no word that can begin a cue has no frame: not worth tokenizing.
        if first_words.isdisjoint(map(str.lower, WORD_RE.findall(doc.text, a, b))):
            continue
        sent = _Sentence(doc, si)
        for f in sent.frames():
            done = _finish(doc, f)
            if done is not None:
                _trim_mention(doc.text, done)
                cands.append(done)
    cands = _add_continuations(doc, cands)
    cands.sort(key=lambda c: (c.start, c.end))
    return _dedupe(_nest(doc.text, _dedupe(cands)))


def _nest(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Make overlapping contents nest (ANNOTATION.md: a report inside another's content
    is annotated with ``nested``): a content that starts inside an earlier one and runs
    past its end is cut at that end, and a content inside another is marked nested.
    One sweep with a stack of open contents; the result keeps text order."""
    order = sorted(cands, key=lambda c: (c.start, -c.end))
    stack: list[Candidate] = []
    for c in order:
        while stack and stack[-1].end <= c.start:
            stack.pop()
        if stack:
            outer = stack[-1]
            if c.end > outer.end:
                e = outer.end
                while e > c.start and (text[e - 1].isspace() or text[e - 1] in ",;:—–"):
                    e -= 1
                c.end = e
            c.nested = True
        stack.append(c)
    out = [c for c in cands if c.end > c.start]
    out.sort(key=lambda c: (c.start, c.end))
    return out


_MENTION_JUNK = re.compile(r"(?:[\d:.]+\s*(?:[ap]\.?m\.?)?\s+)+(?=[A-Za-z])")


def _trim_mention(text: str, c: Candidate) -> None:
    """A mention never reaches back across a line break or starts with a time stamp
    (``10:15 pm\nPolice``, ``11:40 A Dalen official`` in live blogs)."""
    if c.mention is None:
        return
    a, b = c.mention
    nl = text.rfind("\n", a, b)
    if nl >= 0 and text[nl + 1:b].strip():
        a = nl + 1
        while a < b and text[a].isspace():
            a += 1
    m = _MENTION_JUNK.match(text, a, b)
    if m and m.end() < b:
        a = m.end()
    c.mention = (a, b)


def _add_continuations(doc: TextDoc, cands: list[Candidate]) -> list[Candidate]:
    """Quotations with no cue of their own that continue the last speaker.

    One sweep in text order: the statements' spans are merged into disjoint covered
    intervals and words are counted from their sorted start offsets, so the time is
    linear in the text even with 100,000 quotation marks.
    """
    by_pos = sorted(range(len(cands)), key=lambda k: cands[k].start)
    starts = [cands[k].start for k in by_pos]
    covered: list[list[int]] = []  # merged, sorted, disjoint [start, end)
    for k in by_pos:
        a, b = cands[k].start, cands[k].end
        if covered and a <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], b)
        else:
            covered.append([a, b])
    cov_starts = [a for a, _ in covered]
    word_starts: list[int] | None = None  # built on the first quotation that needs it
    extra = []
    for q in doc.quotes:
        c = bisect_right(cov_starts, q.end - 1) - 1  # the last interval starting < q.end
        if c >= 0 and covered[c][1] > q.start:
            continue  # a statement already covers part of it
        words = re.findall(r"\w+", doc.text[q.start:q.end])
        if len(words) < 4:
            continue  # scare quotes and titles
        # the quotation must be (nearly) a sentence of its own
        si = doc.sentence_of(q.start)
        if si is None:
            continue
        ss, se = doc.sentences[si]
        if word_starts is None:
            word_starts = [m.start() for m in _WORD_RUN.finditer(doc.text)]
        n_outside = (_count_between(word_starts, ss, q.open)
                     + _count_between(word_starts, q.close, se))
        if n_outside > 2:
            continue
        k = bisect_right(starts, q.start) - 1
        if k < 0:
            continue
        prev = cands[by_pos[k]]
        para = doc.paragraph_of(q.open)
        if para - prev.paragraph > 1:
            continue
        e = q.end
        while e > q.start and (doc.text[e - 1] in ", " or doc.text[e - 1].isspace()):
            e -= 1
        extra.append(Candidate(q.start, e, "direct", "continuation", si, para,
                               inherit=prev, mention=None))
    if not extra:
        return cands
    # chains of continuations: each takes the speaker of its predecessor
    return cands + extra


_WORD_RUN = re.compile(r"\w+")


def _count_between(positions: list[int], a: int, b: int) -> int:
    """How many of the sorted ``positions`` lie in ``[a, b)``."""
    return max(0, bisect_right(positions, b - 1) - bisect_right(positions, a - 1))


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose content equals an earlier one's (two cues, one content)."""
    seen = {}
    out = []
    for c in cands:
        key = (c.start, c.end)
        if key in seen:
            continue
        seen[key] = len(out)
        out.append(c)
    return out
