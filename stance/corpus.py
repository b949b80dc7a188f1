"""The project's annotated corpus: anchored sources -> resolved JSONL, validation, counts.

Annotators never type offsets (ANNOTATION.md, "Writing annotations by hand"). Each article
lives in ``corpora/sources/`` as two files:

``<id>.txt``
    the article text, byte for byte (read with ``newline=""`` so stray ``\\r`` survive);
``<id>.ann.json``
    ``{"id", "domain", "form", "targets": [...], "statements": [...]}`` where each statement
    gives its strings anchored in the text::

        {"anchor": "a unique substring where the statement's sentence starts",
         "content": "the reported content"  or  {"from": "first words", "to": "last words"},
         "kind": "direct|indirect|mixed",
         "cue": "said"  or  null,
         "mention": "Rebel commander Col. Hassan Abdulghani"  or  null,
         "speaker": "Hassan Abdulghani"  or  null,
         "speaker_type": "person|organization|group|anonymous",
         "hedge_cues": [["claimed", "reporter"], ["may", "speaker"]],
         "stance": {"<target>": "favor|against|neutral|unrelated", ...},
         "nested": true  (optional)}

Every string is searched from the anchor onwards (falling back to a unique occurrence
anywhere in the text). A string field may instead be ``{"text": ..., "after": ...}``
to skip to the first occurrence of ``after`` first; a hedge cue may carry a third item,
its ``after`` string. ``hedging`` is derived from the sources of the hedge cues.

``build`` resolves every source into ``corpora/{train,dev,test}.jsonl`` using the fixed
split in ``corpora/splits.json`` (new ids are assigned by a hash of the id, 80/10/10).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("direct", "indirect", "mixed")
SPEAKER_TYPES = ("person", "organization", "group", "anonymous")
HEDGE_SOURCES = ("speaker", "reporter")
HEDGING_LABELS = ("none", "speaker", "reporter", "both")
STANCE_LABELS = ("favor", "against", "neutral", "unrelated")
SPLITS = ("train", "dev", "test")
DOMAINS = (
    "conflict", "diplomacy", "politics", "elections", "courts", "crime", "business",
    "markets", "technology", "health", "science", "climate", "sports", "culture", "local",
)
TAGS = frozenset("""
    quote_before_cue quote_after_cue inverted split_quote multi_paragraph continuation
    said_that bare_said postposed according_to_front according_to_end mixed pronoun_speaker
    surname_ref role_ref organization media unnamed_group anonymous nested
    two_speakers_sentence object_predicate""".split())
NEGATIVE_TYPES = frozenset("""
    scare_quote title_in_quotes nickname_in_quotes claimed_lives claimed_responsibility
    may_month belief_no_speech plan_no_speech headline photo_credit modal_not_hedge""".split())
FORMS = ("wire", "local", "press-release", "live-blog", "interview", "feature")


class AnchorError(ValueError):
    """An anchored string could not be found (or not unambiguously) in the article."""


def hedging_label(cues) -> str:
    """``none``/``speaker``/``reporter``/``both`` from hedge cues ``[[s, e, source], ...]``."""
    sources = {c[2] for c in cues}
    if sources >= {"speaker", "reporter"}:
        return "both"
    if sources:
        return sources.pop()
    return "none"


# ---------------------------------------------------------------------------
# resolving anchored sources
# ---------------------------------------------------------------------------
def _find_word(text: str, needle: str, start: int) -> int:
    """First occurrence of ``needle`` at or after ``start`` that does not begin or end
    inside a word (``he`` never matches inside ``the``, ``may`` inside ``mayor``)."""
    i = text.find(needle, start)
    while i >= 0:
        before_ok = not (needle[0].isalnum() and i > 0 and text[i - 1].isalnum())
        j = i + len(needle)
        after_ok = not (needle[-1].isalnum() and j < len(text) and text[j].isalnum())
        if before_ok and after_ok:
            return i
        i = text.find(needle, i + 1)
    return -1


def _find(text: str, needle: str, start: int, what: str, whole: bool = True) -> int:
    """Offset of an anchored string; ``whole`` requires word boundaries (an ``after``
    string is only a position, so it may cut words)."""
    if not needle:
        raise AnchorError(f"{what}: empty string")
    if not whole:
        i = text.find(needle, start)
        if i >= 0:
            return i
        first = text.find(needle)
        if first < 0 or text.find(needle, first + 1) >= 0:
            raise AnchorError(f"{what}: {needle!r} not after the anchor and not unique")
        return first
    i = _find_word(text, needle, start)
    if i >= 0:
        return i
    first = _find_word(text, needle, 0)
    if first < 0:
        raise AnchorError(f"{what}: {needle!r} not in text as whole words")
    if _find_word(text, needle, first + 1) >= 0:
        raise AnchorError(f"{what}: {needle!r} not after the anchor and not unique before it")
    return first


def _locate(text: str, spec, anchor: int, what: str) -> tuple[int, int]:
    """(start, end) of an anchored string spec."""
    if isinstance(spec, str):
        i = _find(text, spec, anchor, what)
        return i, i + len(spec)
    if isinstance(spec, dict):
        pos = anchor
        if spec.get("after"):
            pos = _find(text, spec["after"], anchor, what + ".after", whole=False)
        if "text" in spec:
            i = _find(text, spec["text"], pos, what)
            return i, i + len(spec["text"])
        if "from" in spec and "to" in spec:
            i = _find(text, spec["from"], pos, what + ".from")
            end = _find(text, spec["to"], i, what + ".to") + len(spec["to"])
            if end <= i:
                raise AnchorError(f"{what}: 'to' ends before 'from' starts")
            return i, end
    raise AnchorError(f"{what}: expected a string or an object with text/after or from/to")


def resolve_article(text: str, ann: dict) -> dict:
    """Resolve one anchored annotation into a gold document (ANNOTATION.md schema)."""
    doc_id = ann.get("id")
    targets = list(ann.get("targets") or [])
    if ann.get("domain") not in DOMAINS:
        raise AnchorError(f"{doc_id}: domain {ann.get('domain')!r} not in {DOMAINS}")
    if ann.get("form") not in FORMS:
        raise AnchorError(f"{doc_id}: form {ann.get('form')!r} not in {FORMS}")
    out = []
    for n, st in enumerate(ann.get("statements") or []):
        where = f"{doc_id} statement {n}"
        anchor_str = st.get("anchor")
        if not anchor_str:
            raise AnchorError(f"{where}: no anchor")
        a = text.find(anchor_str)
        if a < 0:
            raise AnchorError(f"{where}: anchor {anchor_str!r} not in text")
        if text.find(anchor_str, a + 1) >= 0:
            raise AnchorError(f"{where}: anchor {anchor_str!r} occurs more than once")
        s, e = _locate(text, st["content"], a, where + " content")
        rec = {"start": s, "end": e, "text": text[s:e], "kind": st.get("kind")}
        if st.get("cue"):
            cs, ce = _locate(text, st["cue"], a, where + " cue")
            rec.update(cue=text[cs:ce], cue_start=cs, cue_end=ce)
        else:
            rec.update(cue=None, cue_start=None, cue_end=None)
        if st.get("mention"):
            ms, me = _locate(text, st["mention"], a, where + " mention")
            rec.update(speaker_mention=text[ms:me], speaker_start=ms, speaker_end=me)
        else:
            rec.update(speaker_mention=None, speaker_start=None, speaker_end=None)
        rec["speaker"] = st.get("speaker")
        rec["speaker_type"] = st.get("speaker_type")
        cues = []
        for hc in st.get("hedge_cues") or []:
            if not isinstance(hc, (list, tuple)) or len(hc) not in (2, 3):
                raise AnchorError(f"{where}: hedge cue {hc!r} is not [text, source(, after)]")
            spec = hc[0] if len(hc) == 2 else {"text": hc[0], "after": hc[2]}
            hs, he = _locate(text, spec, a, where + " hedge cue")
            cues.append([hs, he, hc[1]])
        rec["hedging"] = hedging_label(cues)
        rec["hedge_cues"] = cues
        rec["stance"] = dict(st.get("stance") or {})
        if st.get("nested"):
            rec["nested"] = True
        bad_tags = set(st.get("tags") or ()) - TAGS
        if bad_tags:
            raise AnchorError(f"{where}: unknown tags {sorted(bad_tags)}")
        rec["tags"] = sorted(set(st.get("tags") or ()))
        out.append(rec)
    out.sort(key=lambda r: (r["start"], r["end"]))
    negatives = []
    for neg in ann.get("negatives") or []:
        if neg.get("type") not in NEGATIVE_TYPES:
            raise AnchorError(f"{doc_id}: unknown negative type {neg.get('type')!r}")
        i = text.find(neg.get("text") or "\0")
        if i < 0:
            raise AnchorError(f"{doc_id}: negative {neg.get('text')!r} not in text")
        negatives.append([i, i + len(neg["text"]), neg["type"]])
    doc = {"id": doc_id, "source": "stance-corpus", "text": text, "targets": targets,
           "statements": out, "negatives": negatives}
    for key in ("domain", "form"):
        if key in ann:
            doc[key] = ann[key]
    return doc


def assign_split(doc_id: str) -> str:
    """Deterministic 80/10/10 bucket of an id (used only for ids not yet in splits.json)."""
    h = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if h == 0 else "dev" if h == 1 else "train"


def load_sources(src_dir: Path):
    """Yield (id, text, annotation) for every ``*.ann.json`` in ``src_dir``."""
    for ann_path in sorted(Path(src_dir).glob("*.ann.json")):
        doc_id = ann_path.name[: -len(".ann.json")]
        txt_path = ann_path.with_name(doc_id + ".txt")
        with open(txt_path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        with open(ann_path, encoding="utf-8") as fh:
            ann = json.load(fh)
        if ann.get("id") != doc_id:
            raise AnchorError(f"{ann_path}: id {ann.get('id')!r} does not match file name")
        yield doc_id, text, ann


def build(corpus_dir: Path, skip_invalid: bool = False) -> dict:
    """Resolve all sources and write the split files; return counts per split.

    With ``skip_invalid`` an article that does not resolve or validate is left out (and
    listed under ``"skipped"``) instead of failing the build."""
    corpus_dir = Path(corpus_dir)
    split_path = corpus_dir / "splits.json"
    splits = json.loads(split_path.read_text()) if split_path.exists() else {}
    docs = {s: [] for s in SPLITS}
    errors = []
    for doc_id, text, ann in load_sources(corpus_dir / "sources"):
        try:
            doc = resolve_article(text, ann)
            problems: list = []
            check_document(doc, problems)
            if problems:
                raise AnchorError("; ".join(problems))
        except (AnchorError, KeyError, TypeError) as exc:
            errors.append(f"{doc_id}: {exc}")
            continue
        split = splits.setdefault(doc_id, assign_split(doc_id))
        docs[split].append(doc)
    if errors and not skip_invalid:
        raise AnchorError("\n".join(errors))
    for s in SPLITS:
        with open(corpus_dir / f"{s}.jsonl", "w", encoding="utf-8") as fh:
            for d in docs[s]:
                fh.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
    built = {d["id"] for v in docs.values() for d in v}
    kept = {k: v for k, v in sorted(splits.items()) if k in built}
    split_path.write_text(json.dumps(kept, indent=0) + "\n")
    out = {s: len(v) for s, v in docs.items()}
    out["skipped"] = errors
    return out


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
@dataclass
class CheckReport:
    documents: int = 0
    statements: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_span(doc, st, where, key_s, key_e, key_text, problems, required):
    s, e, t = st.get(key_s), st.get(key_e), st.get(key_text)
    if s is None and e is None and t is None and not required:
        return
    text = doc["text"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        problems.append(f"{where}: bad {key_s}/{key_e} ({s}, {e})")
    elif text[s:e] != t:
        problems.append(f"{where}: text[{s}:{e}] != {key_text} {t!r}")
    elif t != t.strip():
        problems.append(f"{where}: {key_text} {t!r} has surrounding whitespace")


def check_document(doc: dict, problems: list) -> int:
    """Append the problems of one gold document; return its statement count."""
    did = doc.get("id")
    if not isinstance(did, str) or not did:
        problems.append(f"document without a string id: {str(doc)[:60]}")
        return 0
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{did}: no text")
        return 0
    targets = doc.get("targets")
    if not isinstance(targets, list) or not 1 <= len(targets) <= 3:
        problems.append(f"{did}: needs 1 to 3 targets, has {targets!r}")
        targets = targets if isinstance(targets, list) else []
    stmts = doc.get("statements")
    if not isinstance(stmts, list):
        problems.append(f"{did}: statements is not a list")
        return 0
    seen = set()
    for n, st in enumerate(stmts):
        where = f"{did} statement {n}"
        _check_span(doc, st, where, "start", "end", "text", problems, True)
        _check_span(doc, st, where, "cue_start", "cue_end", "cue", problems, False)
        _check_span(doc, st, where, "speaker_start", "speaker_end", "speaker_mention",
                    problems, False)
        if st.get("kind") not in KINDS:
            problems.append(f"{where}: kind {st.get('kind')!r}")
        if st.get("speaker_type") not in SPEAKER_TYPES:
            problems.append(f"{where}: speaker_type {st.get('speaker_type')!r}")
        if st.get("speaker_mention") and not st.get("speaker"):
            problems.append(f"{where}: a mention but no canonical speaker")
        if st.get("speaker_type") != "anonymous" and not st.get("speaker"):
            problems.append(f"{where}: no canonical speaker for a non-anonymous source")
        cues = st.get("hedge_cues")
        if not isinstance(cues, list):
            problems.append(f"{where}: hedge_cues is not a list")
            cues = []
        for c in cues:
            if (not isinstance(c, list) or len(c) != 3 or c[2] not in HEDGE_SOURCES
                    or not (0 <= c[0] < c[1] <= len(text))):
                problems.append(f"{where}: bad hedge cue {c!r}")
        if st.get("hedging") not in HEDGING_LABELS:
            problems.append(f"{where}: hedging {st.get('hedging')!r}")
        elif all(isinstance(c, list) and len(c) == 3 for c in cues) and \
                st["hedging"] != hedging_label(cues):
            problems.append(f"{where}: hedging {st['hedging']!r} disagrees with its cues")
        stance = st.get("stance")
        if not isinstance(stance, dict) or set(stance) != set(targets):
            problems.append(f"{where}: stance must label exactly the targets {targets}")
        elif any(v not in STANCE_LABELS for v in stance.values()):
            problems.append(f"{where}: stance label not in {STANCE_LABELS}")
        key = (st.get("start"), st.get("end"), st.get("cue_start"))
        if key in seen:
            problems.append(f"{where}: duplicate statement")
        seen.add(key)
    spans = sorted((s.get("start", 0), s.get("end", 0), n, bool(s.get("nested")))
                   for n, s in enumerate(stmts))
    for (s1, e1, n1, nest1), (s2, e2, n2, nest2) in zip(spans, spans[1:]):
        if s2 < e1 and not (nest1 or nest2) and e1 - s2 > 0:
            # a content clause may hold a nested report; plain overlaps are errors
            problems.append(f"{did}: statements {n1} and {n2} overlap without 'nested'")
    return len(stmts)


def _norm_text(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def check_corpus(corpus_dir: Path) -> CheckReport:
    """Validate every split file: schema, offsets, labels, duplicates, split leakage."""
    corpus_dir = Path(corpus_dir)
    report = CheckReport()
    where_id, where_text = {}, {}
    for split in SPLITS:
        path = corpus_dir / f"{split}.jsonl"
        if not path.exists():
            report.problems.append(f"missing split file {path}")
            continue
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                report.problems.append(f"{path.name}:{ln}: not JSON ({exc})")
                continue
            report.documents += 1
            report.statements += check_document(doc, report.problems)
            did = doc.get("id")
            if did in where_id:
                report.problems.append(f"{did}: id in {where_id[did]} and {split}")
            where_id[did] = split
            key = _norm_text(doc.get("text") or "")[:2000]
            if key in where_text:
                other = where_text[key]
                kind = "leaks across splits" if other[1] != split else "is duplicated"
                report.problems.append(f"{did}: text {kind} (same as {other[0]})")
            where_text[key] = (did, split)
    return report


# ---------------------------------------------------------------------------
# statistics (the datasheet's counts)
# ---------------------------------------------------------------------------
def read_split(corpus_dir: Path, split: str) -> list[dict]:
    path = Path(corpus_dir) / f"{split}.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_stats(corpus_dir: Path) -> dict:
    """Counts per split, domain, form, kind, cue, speaker type, hedging and stance label."""
    docs = {s: read_split(corpus_dir, s) for s in SPLITS}
    c = {k: Counter() for k in ("split_docs", "split_statements", "domain", "form", "kind",
                                "speaker_type", "hedging", "hedge_source", "stance", "cue",
                                "length", "negative", "construction")}
    words = 0
    n_st = 0
    for split, ds in docs.items():
        for d in ds:
            c["split_docs"][split] += 1
            c["split_statements"][split] += len(d["statements"])
            c["domain"][d.get("domain", "?")] += 1
            for neg in d.get("negatives", []):
                c["negative"][neg[2]] += 1
            c["form"][d.get("form", "?")] += 1
            nw = len(d["text"].split())
            words += nw
            c["length"]["<300" if nw < 300 else "300-700" if nw < 700 else ">=700"] += 1
            for st in d["statements"]:
                n_st += 1
                c["kind"][st["kind"]] += 1
                c["speaker_type"][st["speaker_type"]] += 1
                c["hedging"][st["hedging"]] += 1
                for src in {h[2] for h in st["hedge_cues"]}:
                    c["hedge_source"][src] += 1
                for lab in st["stance"].values():
                    c["stance"][lab] += 1
                c["cue"][(st.get("cue") or "<none>").lower()] += 1
                for tag in st.get("tags", []):
                    c["construction"][tag] += 1
    out = {k: dict(v.most_common()) for k, v in c.items()}
    out["documents"] = sum(c["split_docs"].values())
    out["statements"] = n_st
    out["words"] = words
    out["quotas"] = quota_report([d for ds in docs.values() for d in ds])
    out["quotas_short"] = [q["item"] for q in out["quotas"] if q["status"] != "OK"]
    return out


# ---------------------------------------------------------------------------
# quotas (issue 3): constructions, hard negatives, hedging and stance shares
# ---------------------------------------------------------------------------
CONSTRUCTION_QUOTA = 30
NEGATIVE_QUOTA = 20
HEDGE_SHARE_QUOTA = 15.0      # percent of statements, per hedge source
STANCE_SHARE_QUOTA = 10.0     # percent of stance labels, per label
HEDGE_WORDINGS_QUOTA = 20     # distinct hedge-cue wordings per source
HEDGE_TOP_SHARE_MAX = 25.0    # no single wording above this percent of a source's cues

# cue lemmas of issue 3 (4): regex over the lowercased cue string, inflections included
CUE_LEMMAS = {
    "told": r"\b(tell|tells|told|telling)\b",
    "added": r"\b(add|adds|added|adding)\b",
    "warned": r"\bwarn(s|ed|ing)?\b",
    "vowed": r"\bvow(s|ed|ing)?\b",
    "insisted": r"\binsist(s|ed|ing)?\b",
    "denied": r"\b(deny|denies|denied|denying)\b",
    "argued": r"\bargu(e|es|ed|ing)\b",
    "noted": r"\bnot(e|es|ed|ing)\b",
    "wrote": r"\b(write|writes|wrote|written|writing)\b",
    "posted": r"\bpost(s|ed|ing)?\b",
    "announced": r"\bannounc(e|es|ed|ing)\b",
    "acknowledged": r"\backnowledg(e|es|ed|ing)\b",
    "urged": r"\burg(e|es|ed|ing)\b",
    "called on": r"\bcall(s|ed|ing)? (on|upon)\b",
    "asked": r"\bask(s|ed|ing)?\b",
    "accused ... of": r"\baccus(e|es|ed|ing)\b",
}
_SAY = re.compile(r"\b(say|says|said|saying)\b")
PRONOUNS = frozenset("he she they it we i you him her them us".split())
_TITLES = frozenset("""mr mrs ms miss dr prof professor col gen lt sgt capt maj adm gov sen
    rep judge justice chief coach president minister mayor sir dame lord lady rev father
    sister imam rabbi inspector detective officer commissioner st jr sr""".split())
_ABBREV = _TITLES | frozenset("no vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept "
                              "oct nov dec mt ft u s a e i".split())
_OPEN_Q = "“\"‘'`"
_NEG_DATA = {
    # hard negatives that the text itself shows: occurrences not used as a statement cue
    "claimed_lives": re.compile(r"\bclaim(s|ed|ing)? the lives\b", re.I),
    "claimed_responsibility": re.compile(r"\bclaim(s|ed|ing)? (full |no )?responsibility\b",
                                         re.I),
    "may_month": re.compile(r"\b(?:(?:in|on|of|by|until|since|from|early|late|last|next|"
                            r"this|mid|through|before|after) May\b|May(?= \d)"
                            r"|May(?=,? (?:19|20)\d\d))"),
}
_NEG_TAG_ONLY = ("scare_quote", "title_in_quotes", "nickname_in_quotes", "belief_no_speech",
                 "plan_no_speech", "headline", "photo_credit")

HOW = {
    "quote before cue": "direct, content ends before its cue",
    "quote after cue": "direct, content starts after its cue",
    "inverted said X": "speaker mention right after the cue (only spaces between), "
                       "'according to' excluded",
    "split quote": "direct with its cue inside the content, or two direct statements "
                   "sharing one cue on either side (counted once per cue)",
    "multi-paragraph quote": "direct content holding a line break followed by an opening "
                             "quotation mark (a new quoted paragraph)",
    "continuation": "direct, no cue and no mention, speaker named",
    "said that": "cue say/says/said/saying, indirect or mixed content after it, "
                 "the words between end in 'that'",
    "bare said": "cue say/says/said/saying, indirect or mixed content after it, no 'that'",
    "postposed , X said.": "content, then speaker mention, then cue (only spaces between "
                           "mention and cue; only punctuation between content and mention)",
    "according to (front)": "cue 'according to' before the content",
    "according to (end)": "cue 'according to' after the content",
    "mixed": "kind mixed",
    "pronoun speaker": "mention is a personal pronoun",
    "surname reference": "person; mention without titles is a strict part of the canonical "
                         "name (Haupt -> Felix Haupt)",
    "role reference": "person; mention shares no word with the canonical name "
                      "(the envoy -> Geir Pedersen), pronouns excluded",
    "organization speaking": "speaker_type organization",
    "media speaking": "tag 'media' (only a tag tells a media outlet from another body)",
    "unnamed group": "speaker_type group",
    "anonymous source": "speaker_type anonymous",
    "nested report": "'nested': true",
    "two speakers in one sentence": "sentences holding statements (by cue, else content "
                                    "start) of two or more different canonical speakers",
}
for _lem in CUE_LEMMAS:
    HOW["cue " + _lem] = ("cue string matches " + _lem + " with its inflections"
                          + (" and 'of' follows the cue within the statement"
                             if _lem.startswith("accused") else ""))
HOW.update({
    "claimed_lives": "text matches 'claim* the lives' outside any statement cue",
    "claimed_responsibility": "text matches 'claim* responsibility' outside any statement cue",
    "may_month": "text 'May' + day/year or after in/on/since/... outside any hedge cue",
})
for _n in _NEG_TAG_ONLY:
    HOW[_n] = "article 'negatives' entries of this type (only a tag can tell)"


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start: after a line break, or after . ! ? (plus closing
    quotes/brackets) and spaces before an upper-case letter or an opening quote, unless
    the word before the stop is a known abbreviation or an initial."""
    starts = [0]
    for m in re.finditer(r"\n+|[.!?][”\"’')\]]*(?:&quot;|</p>)?\s+(?=[A-Z“\"‘`(&<])", text):
        if m.group().startswith("\n"):
            starts.append(m.end())
            continue
        word = re.search(r"(\w+)\W*$", text[max(0, m.start() - 20):m.start() + 1])
        if text[m.start()] == "." and word and word.group(1).lower() in _ABBREV:
            continue
        starts.append(m.end())
    return starts


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", (s or "").lower().replace("’s", "").replace("'s", ""))


def _statement_constructions(text: str, st: dict) -> set:
    """Constructions of issue 3 (4) that one resolved statement shows in the data."""
    out = set()
    kind, s, e = st["kind"], st["start"], st["end"]
    cue = (st.get("cue") or "").lower()
    cs, ce = st.get("cue_start"), st.get("cue_end")
    mention = st.get("speaker_mention")
    ms, me = st.get("speaker_start"), st.get("speaker_end")
    speaker = st.get("speaker")
    if kind == "mixed":
        out.add("mixed")
    if kind == "direct" and cue:
        if e <= cs:
            out.add("quote before cue")
        elif ce <= s:
            out.add("quote after cue")
    if kind == "direct" and not cue and not mention and speaker:
        out.add("continuation")
    if kind == "direct" and re.search(r"\n\s*(<p>\s*)?[" + _OPEN_Q + "]", st["text"]):
        out.add("multi-paragraph quote")
    if cue and mention and ce <= ms and not text[ce:ms].strip() \
            and not cue.startswith("according to"):
        out.add("inverted said X")
    if cue and mention and e <= ms and me <= cs and not text[me:cs].strip() \
            and not re.search(r"\w", text[e:ms]):
        out.add("postposed , X said.")
    if cue and _SAY.search(cue) and kind in ("indirect", "mixed") and ce <= s:
        out.add("said that" if re.search(r"\bthat\s*$", text[ce:s]) else "bare said")
    if cue.startswith("according to"):
        if cs < s:
            out.add("according to (front)")
        elif cs >= e:
            out.add("according to (end)")
    for lem, rx in CUE_LEMMAS.items():
        if cue and re.search(rx, cue):
            if lem.startswith("accused") and not (ce <= e and re.search(
                    r"\bof\b", text[ce:e])):
                continue
            out.add("cue " + lem)
    if mention and mention.lower() in PRONOUNS:
        out.add("pronoun speaker")
    elif mention and speaker and st["speaker_type"] == "person" and mention != speaker:
        mw = [w for w in _words(mention) if w not in _TITLES and w != "the"]
        sw = _words(speaker)
        if mw and set(mw) < set(sw):
            out.add("surname reference")
        elif not set(_words(mention)) & set(sw):
            out.add("role reference")
    stype = st["speaker_type"]
    if stype == "organization":
        out.add("organization speaking")
    elif stype == "group":
        out.add("unnamed group")
    elif stype == "anonymous":
        out.add("anonymous source")
    if "media" in (st.get("tags") or ()):
        out.add("media speaking")
    if st.get("nested"):
        out.add("nested report")
    return out


def document_constructions(doc: dict) -> Counter:
    """Issue-3 construction counts of one resolved document (computed from the data)."""
    text = doc["text"]
    c = Counter()
    stmts = doc["statements"]
    for st in stmts:
        c.update(_statement_constructions(text, st))
    # split quotes: once per cue
    by_cue = {}
    for st in stmts:
        if st["kind"] == "direct" and st.get("cue_start") is not None:
            by_cue.setdefault(st["cue_start"], []).append(st)
    for cs, group in by_cue.items():
        inside = any(g["start"] < cs < g["end"] for g in group)
        before = any(g["end"] <= cs for g in group)
        after = any(g["start"] >= g["cue_end"] for g in group)
        if inside or (before and after):
            c["split quote"] += 1
    starts = _sentence_starts(text)
    from bisect import bisect_right
    sent = {}
    for st in stmts:
        pos = st["cue_start"] if st.get("cue_start") is not None else st["start"]
        sent.setdefault(bisect_right(starts, pos), set()).add(
            (st.get("speaker") or "").lower() or ("<anon>", st["start"]))
    c["two speakers in one sentence"] += sum(len(v) >= 2 for v in sent.values())
    # negatives that the data shows
    cue_spans = [(st["cue_start"], st["cue_end"]) for st in stmts
                 if st.get("cue_start") is not None]
    hedge_spans = [(h[0], h[1]) for st in stmts for h in st["hedge_cues"]]
    for name, rx in _NEG_DATA.items():
        spans = hedge_spans if name == "may_month" else cue_spans
        for m in rx.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                c[name] += 1
    for neg in doc.get("negatives", []):
        if neg[2] in _NEG_TAG_ONLY:
            c[neg[2]] += 1
    return c


def quota_report(docs: list[dict]) -> list[dict]:
    """Every issue-3 quota with its count, threshold, status (OK/SHORT) and method."""
    c = Counter()
    n_st = 0
    hedge = Counter()
    wordings = {src: Counter() for src in HEDGE_SOURCES}
    labels = Counter()
    bad_targets = 0
    for d in docs:
        c.update(document_constructions(d))
        if not 1 <= len(d.get("targets") or []) <= 3:
            bad_targets += 1
        for st in d["statements"]:
            n_st += 1
            srcs = {h[2] for h in st["hedge_cues"]}
            hedge.update(srcs)
            for h in st["hedge_cues"]:
                wordings[h[2]][d["text"][h[0]:h[1]].lower()] += 1
            labels.update(st["stance"].values())
    rows = []

    def add(group, item, count, quota, how, at_most=False):
        ok = count <= quota if at_most else count >= quota
        rows.append({"group": group, "item": item, "count": count,
                     "quota": ("<= " if at_most else ">= ") + str(quota),
                     "status": "OK" if ok else "SHORT", "how": how})

    cons = ["quote before cue", "quote after cue", "inverted said X", "split quote",
            "multi-paragraph quote", "continuation", "said that", "bare said",
            "postposed , X said.", "according to (front)", "according to (end)"]
    cons += ["cue " + lem for lem in CUE_LEMMAS]
    cons += ["mixed", "pronoun speaker", "surname reference", "role reference",
             "organization speaking", "media speaking", "unnamed group", "anonymous source",
             "nested report", "two speakers in one sentence"]
    for item in cons:
        add("construction", item, c[item], CONSTRUCTION_QUOTA, HOW[item])
    for item in ("scare_quote", "title_in_quotes", "nickname_in_quotes", "claimed_lives",
                 "claimed_responsibility", "may_month", "belief_no_speech", "plan_no_speech",
                 "headline", "photo_credit"):
        add("negative", item, c[item], NEGATIVE_QUOTA, HOW[item])
    total = n_st or 1
    for src in HEDGE_SOURCES:
        add("hedging", f"% statements hedged by the {src}",
            round(100 * hedge[src] / total, 1), HEDGE_SHARE_QUOTA,
            f"hedging '{src}' or 'both' / all statements")
        w = wordings[src]
        add("hedging", f"distinct {src} hedge wordings", len(w), HEDGE_WORDINGS_QUOTA,
            f"distinct lowercased {src} hedge-cue strings")
        top = w.most_common(1)
        add("hedging", f"% top {src} wording ({top[0][0] if top else '-'})",
            round(100 * top[0][1] / (sum(w.values()) or 1), 1) if top else 0.0,
            HEDGE_TOP_SHARE_MAX, f"most frequent {src} hedge-cue string / all {src} cues",
            at_most=True)
    add("stance", "articles without 1-3 targets", bad_targets, 0,
        "documents whose targets list is empty or longer than 3", at_most=True)
    n_lab = sum(labels.values()) or 1
    for lab in STANCE_LABELS:
        add("stance", f"% {lab}", round(100 * labels[lab] / n_lab, 1), STANCE_SHARE_QUOTA,
            f"'{lab}' / all stance labels (one per statement and target)")
    return rows


def _resolve_main(argv=None) -> int:
    """``python -m stance.corpus [PREFIX]``: resolve and check sources, write nothing."""
    import sys
    argv = sys.argv[1:] if argv is None else argv
    prefix = argv[0] if argv else ""
    src = Path(__file__).resolve().parent.parent / "corpora" / "sources"
    bad = 0
    total = Counter()
    for doc_id, text, ann in load_sources(src):
        if not doc_id.startswith(prefix):
            continue
        problems = []
        try:
            doc = resolve_article(text, ann)
            n = check_document(doc, problems)
        except (AnchorError, KeyError, TypeError) as exc:
            problems.append(str(exc))
            n = 0
        total["docs"] += 1
        total["statements"] += n
        for p in problems:
            print("PROBLEM", p)
        bad += bool(problems)
    print(f"{total['docs']} articles, {total['statements']} statements, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(_resolve_main())


def agreement(corpus_dir: Path) -> dict:
    """Agreement of the independent second annotation (``corpora/second/``) with the
    first, scored as predictions against gold with the ANNOTATION.md metrics. Stance is
    compared only on targets both annotators chose."""
    from .scoring import score

    corpus_dir = Path(corpus_dir)
    firsts, seconds, stale = [], [], []
    for ann_path in sorted((corpus_dir / "second").glob("*.ann.json")):
        second_ann = json.loads(ann_path.read_text(encoding="utf-8"))
        doc_id = second_ann["id"]
        src = corpus_dir / "sources" / f"{doc_id}.ann.json"
        if not src.exists():
            continue
        with open(corpus_dir / "sources" / f"{doc_id}.txt", encoding="utf-8",
                  newline="") as fh:
            text = fh.read()
        try:
            first = resolve_article(text, json.loads(src.read_text(encoding="utf-8")))
            second = resolve_article(text, second_ann)
        except AnchorError as exc:
            stale.append(f"{doc_id}: {exc}")  # the text changed after it was annotated
            continue
        shared = [t for t in first["targets"] if t in set(second["targets"])]
        for st in first["statements"]:
            st["stance"] = {t: st["stance"][t] for t in shared}
        firsts.append(first)
        seconds.append(second)
    res = score(firsts, seconds)
    return {
        "articles": len(firsts),
        "statements_first": res["gold_statements_all"],
        "statements_second": res["pred_statements_all"],
        "statement_f1_lenient": res["lenient"]["f1"],
        "statement_f1_exact": res["exact"]["f1"],
        "attributed_f1": res["attributed"]["f1"],
        "kind_acc": res["kind_acc"]["acc"],
        "canonical_speaker_acc": res["canonical_speaker_acc"]["acc"],
        "hedging_macro_f1": (res["hedging_macro_f1"] or {}).get("f1"),
        "hedge_cue_f1": (res["hedge_cues"] or {}).get("f1"),
        "stance_macro_f1": ((res["stance"] or {}).get("pooled") or {}).get("f1"),
        "stance_pairs": ((res["stance"] or {}).get("pooled") or {}).get("n"),
        "not_compared": stale,
    }


def stats_markdown(stats: dict) -> str:
    """The datasheet's count tables from ``corpus_stats``."""
    lines = [f"Documents: {stats['documents']}; statements: {stats['statements']}; "
             f"words: {stats['words']:,}.", ""]
    for key, title in (("split_docs", "articles per split"),
                       ("split_statements", "statements per split"),
                       ("domain", "articles per domain"), ("form", "articles per form"),
                       ("length", "articles per length (words)"),
                       ("kind", "statements per kind"),
                       ("speaker_type", "statements per speaker type"),
                       ("hedging", "statements per hedging label"),
                       ("stance", "stance labels"),
                       ("construction", "statements per construction tag"),
                       ("negative", "hard negatives per type")):
        counts = stats.get(key) or {}
        total = sum(counts.values()) or 1
        lines += [f"| {title} | n | % |", "|---|---:|---:|"]
        lines += [f"| {k} | {v} | {100 * v / total:.1f} |" for k, v in counts.items()]
        lines.append("")
    if stats.get("quotas"):
        lines += ["Issue-3 quotas, counted from the resolved data (tags only where noted):",
                  "", "| group | item | n | quota | status | how counted |",
                  "|---|---|---:|---:|---|---|"]
        lines += [f"| {q['group']} | {q['item']} | {q['count']} | {q['quota']} | "
                  f"{q['status']} | {q['how']} |" for q in stats["quotas"]]
        short = [q["item"] for q in stats["quotas"] if q["status"] != "OK"]
        n_ok = len(stats["quotas"]) - len(short)
        lines += ["", f"Quotas met: {n_ok} of {len(stats['quotas'])}"
                  + (f"; SHORT: {', '.join(short)}." if short else "."), ""]
    top = list((stats.get("cue") or {}).items())[:30]
    lines += ["| cue (top 30) | n |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in top]
    return "\n".join(lines) + "\n"
