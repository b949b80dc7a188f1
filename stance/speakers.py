"""Speakers: the type of each speaker mention and its canonical name within the article.

The canonical speaker is the fullest proper name the article gives the entity
(ANNOTATION.md): titles and role words are dropped, a surname grows to the full name,
a pronoun takes the entity it refers to (the last person or group that spoke nearby, else
the nearest name before it; Hobbs-style recency), and a role phrase (``the UN envoy``)
takes the person the article names next as a speaker, when that name is new there.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .lexicons import load_set

# A run of capitalized words; a period may follow only a short word (Col., Jr., J.)
_CAP_WORD = (r"(?:(?:[A-Z]|Col|Gen|Sen|Rep|Gov|Lt|Maj|Capt|Sgt|Dr|Mr|Mrs|Ms|Jr|Sr|St|Rev|"
             r"Prof|Adm|Cmdr|Brig|Fr|Hon|Det|Supt|Insp|Gov)\.|[A-Z][\w’'\-]*)")
_CAP_RUN = re.compile(
    r"(?<![\w’'])" + _CAP_WORD +
    r"(?:[ \t](?:(?:al|bin|ibn|de|del|van|von|der|da|di|la|le|du|el|dos|of|for|and|the)[ \t])?"
    + _CAP_WORD + r")*")
FUNCTION_WORDS = frozenset("""the a an he she it they we i you his her its their our my in on
    at but and or so after before when while as if for of to from by with this that these
    those there here then now also meanwhile however according""".split())
_WORDS = re.compile(r"[\w’'\-.]+")
PERSON_PRONOUNS = frozenset("he she i him her".split())
PLURAL_PRONOUNS = frozenset("they we".split())
NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ani|aqi|eli|ch|can|man|ean|ic)$")
CONNECTORS = frozenset("al bin ibn de del van von der da di la le du el dos".split())
ORG_CONNECTORS = frozenset("of for and the".split())


# How far back (in candidate statements, or in capitalized runs holding a role word) an
# antecedent is looked for: bounds the work per mention, so that time stays linear
MAX_LOOKBACK = 100


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: canonical name (None for an unnamed source) and type."""
    name: str | None
    type: str


def _strip_possessive(w: str) -> str:
    return w[:-2] if w.endswith(("’s", "'s")) else w


class NameIndex:
    """Person names of an article: each surname to the fullest name ending with it."""

    def __init__(self, text: str):
        titles, orgs = load_set("titles"), load_set("org_words")
        self.runs: list[tuple[int, str, bool]] = []  # (position, name, looks like a person)
        self.full: dict[str, str] = {}
        self.all_runs: list[tuple[int, list[str]]] = []  # every capitalized run
        self.run_persons: list[str | None] = []  # the person name of each of all_runs
        self.first_seen: dict[str, int] = {}  # surname -> first position as a person
        for m in _CAP_RUN.finditer(text):
            words = [_strip_possessive(w.rstrip(".")) for w in m.group().split()]
            pos = m.start()
            while words and words[0].lower() in FUNCTION_WORDS:
                pos = text.find(words[1], pos) if len(words) > 1 else pos
                words.pop(0)
            if not words:
                continue
            self.all_runs.append((pos, words))
            person = _person_name(words, titles, orgs)
            self.run_persons.append(person)
            if person:
                self.runs.append((pos, person, True))
                last = person.split()[-1].lower()
                if len(person) > len(self.full.get(last, "")):
                    self.full[last] = person
                self.first_seen.setdefault(last, pos)
        # lookups by position and by word, so that resolving every mention stays linear
        self.run_starts = [p for p, _, _ in self.runs]
        self.by_word: dict[str, list[int]] = {}  # lowercased word -> indices in all_runs
        for k, (_, words) in enumerate(self.all_runs):
            for w in {w.lower() for w in words}:
                self.by_word.setdefault(w, []).append(k)

    def expand(self, name: str) -> str:
        """The fullest person name of the article that ends with ``name``'s surname."""
        parts = name.split()
        if not parts:
            return name
        full = self.full.get(parts[-1].lower())
        if full and len(full) >= len(name):
            return full
        return name

    def definite_antecedent(self, mention: str, pos: int) -> tuple[str, str] | None:
        """``the ministry`` -> the last earlier name holding ``Ministry``; ``the prime
        minister`` -> the person last written with that title. (name, type) or None."""
        m = re.fullmatch(r"(?:the|The)\s+((?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)", mention.strip())
        if not m:
            return None
        role = m.group(1).split()
        titles, orgs = load_set("titles"), load_set("org_words")
        # only runs holding every role word can match: walk the rarest word's runs back
        # from ``pos``, and no further than MAX_LOOKBACK of them
        hits = min((self.by_word.get(r, []) for r in role), key=len)
        end = bisect_left(hits, pos, key=lambda k: self.all_runs[k][0])
        for k in reversed(hits[max(0, end - MAX_LOOKBACK):end]):
            p, words = self.all_runs[k]
            low = [w.lower() for w in words]
            if all(r in low for r in role):
                person = _person_name(words, titles, orgs)
                if person and all(r in titles or r in load_set("role_nouns") for r in role):
                    return self.expand(person), "person"
                if not person and role[-1] in orgs or role[-1] in low[-3:]:
                    name = " ".join(w for w in words if w.lower() not in ("the",))
                    return name, "organization"
        return None

    def nearest_person_before(self, pos: int) -> tuple[int, str] | None:
        k = bisect_left(self.run_starts, pos) - 1
        return (self.runs[k][0], self.runs[k][1]) if k >= 0 else None

    def known_before(self, name: str, pos: int) -> bool:
        last = name.split()[-1].lower()
        return self.first_seen.get(last, pos) < pos


def _person_name(words: list[str], titles, orgs) -> str | None:
    """The personal name in a capitalized run (``Syrian President Bashar Assad`` ->
    ``Bashar Assad``), or None when the run does not look like a person's name."""
    ws = _strip_titles(words, titles)
    if len(ws) < 2 or len(ws) > 4:
        return None
    stop = load_set("non_person")
    if any(w.lower() in orgs or w.lower() in titles or w.lower() in ORG_CONNECTORS
           or w.lower() in stop for w in ws):
        return None
    if any(w.isupper() and len(w) > 1 for w in ws):
        return None
    if any(not w[0].isupper() and w.lower() not in CONNECTORS for w in ws):
        return None
    return " ".join(ws)


def _strip_titles(words: list[str], titles) -> list[str]:
    """Drop leading determiners, titles, and nationality adjectives before a title."""
    ws = list(words)
    while ws and (ws[0].lower() in titles or ws[0].lower() in ("the", "a", "an") or (
            NATIONALITY.match(ws[0]) and len(ws) > 1 and ws[1].lower().rstrip(".") in titles)):
        ws.pop(0)
    return ws


def classify_mention(mention: str, names: "NameIndex | None" = None) -> str:
    """``person``/``organization``/``group``/``anonymous`` from the mention alone."""
    words = _WORDS.findall(mention)
    lower = [w.lower().rstrip(".") for w in words]
    if not lower:
        return "anonymous"
    anon = load_set("anonymous")
    joined = " ".join(lower)
    if any(w in anon for w in lower) or any(a in joined for a in anon if " " in a):
        return "anonymous"
    if lower[0] in PERSON_PRONOUNS and len(lower) == 1:
        return "person"
    if lower[0] in PLURAL_PRONOUNS and len(lower) == 1:
        return "group"
    if lower[0] == "it" and len(lower) == 1:
        return "organization"
    orgs, groups, roles, titles = (load_set("org_words"), load_set("group_nouns"),
                                   load_set("role_nouns"), load_set("titles"))
    caps = [w for w in words if w[0].isupper()]
    head = lower[-1]
    if _group_head(mention) in groups and not mention[:1].isupper() or (
            lower[0] in ("the", "some", "several", "many") and _group_head(mention) in groups):
        return "group"
    # the head noun decides for common nouns: ``Syrian state media``, ``Turkish officials``
    for w, lw in zip(reversed(words), reversed(lower)):
        if w[0].isupper():
            break
        if lw in groups:
            return "group"
        if lw in orgs:
            return "organization"
        if lw in roles:
            return "person"
        break
    # a role noun written in lower case names a person (``the UN special envoy for Syria``)
    if any(lw in roles and not w[0].isupper() for w, lw in zip(words, lower)) and \
            not any(lw in groups for lw in lower):
        return "person"
    if _person_name([_strip_possessive(w.rstrip(".")) for w in caps], titles, orgs) and \
            not any(w.lower().rstrip(".") in orgs for w in caps):
        return "person"
    if any(w.lower().rstrip(".") in titles for w in words) and caps and \
            not any(w.lower().rstrip(".") in orgs for w in caps):
        return "person"
    if caps and names is not None:
        plain = [_strip_possessive(w.rstrip(".")) for w in caps
                 if w.lower().rstrip(".") not in titles]
        if len(plain) == 1 and plain[0].lower() in names.full and \
                not any(w.lower().rstrip(".") in orgs for w in caps):
            return "person"  # a surname the article gives in full elsewhere
    if caps:
        return "organization"
    if head in groups or head.endswith("s"):
        return "group"
    if head in roles:
        return "person"
    return "group"


def canonical_name(mention: str, stype: str, names: NameIndex) -> str | None:
    """The canonical name of a mention, before pronoun and role resolution."""
    titles = load_set("titles")
    text = mention.strip()
    if stype == "person":
        runs = [m.group() for m in _CAP_RUN.finditer(text)]
        for run in reversed(runs):
            ws = _strip_titles([_strip_possessive(w.rstrip(".")) for w in run.split()],
                               titles)
            if ws and not (len(ws) == 1 and ws[0].lower() in ("the", "a", "an")):
                return names.expand(" ".join(ws))
        return _without_determiner(text)
    if stype == "organization":
        runs = []
        for m in _CAP_RUN.finditer(text):
            ws = m.group().split()
            while ws and (ws[0].lower() in ("the", "a", "an") or
                          (NATIONALITY.match(ws[0]) and len(ws) == 1)):
                ws.pop(0)
            while ws and ws[-1].lower() in ORG_CONNECTORS:
                ws.pop()
            if ws and not re.fullmatch(r"[A-Z][a-z]+-[a-z]+", ws[0]):
                runs.append(" ".join(ws))
            elif len(ws) > 1:
                runs.append(" ".join(ws[1:]))
        if runs:
            # the first named organization (``SANA and a war monitor`` -> SANA), preferring
            # a name over a bare nationality adjective
            best = max(runs, key=len) if " and " not in text else runs[0]
            if " and " in text:
                best = next((r for r in runs if not NATIONALITY.match(r)), runs[0])
            return best.rstrip(".,")
        return _without_determiner(text)
    return _without_determiner(text)


def _without_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an|some|several|many|other|two|three|four)\s+", "", text,
                  flags=re.IGNORECASE).strip(" ,.")


def is_role_mention(mention: str) -> bool:
    """A singular role phrase with no personal name (``The UN special envoy for Syria``)."""
    roles = load_set("role_nouns")
    lower = [w.lower() for w in _WORDS.findall(mention)]
    if not lower or lower[0] not in ("the", "a", "an", "its", "their", "his", "her"):
        return False
    return any(w in roles for w in lower)


def resolve(text: str, cands, names: NameIndex | None = None) -> list[Speaker]:
    """A Speaker for each candidate (in the order given, which must be text order)."""
    names = names or NameIndex(text)
    out: list[Speaker | None] = [None] * len(cands)
    index = {id(c): k for k, c in enumerate(cands)}
    pending_roles: list[int] = []
    group_names: dict[str, str] = {}
    for k, c in enumerate(cands):
        if c.inherit is not None and id(c.inherit) in index and \
                out[index[id(c.inherit)]] is not None:
            out[k] = out[index[id(c.inherit)]]
            continue
        if c.mention is None:
            out[k] = Speaker(None, "anonymous")
            continue
        mention = text[c.mention[0]:c.mention[1]]
        stype = classify_mention(mention, names)
        low = mention.strip().lower()
        if low in PERSON_PRONOUNS:
            out[k] = _resolve_pronoun(k, c, cands, out, names, person=True)
            continue
        if low in PLURAL_PRONOUNS or low == "it":
            out[k] = _resolve_pronoun(k, c, cands, out, names, person=False)
            continue
        if stype == "anonymous":
            out[k] = Speaker(_without_determiner(mention), "anonymous")
            continue
        name = canonical_name(mention, stype, names)
        ante = names.definite_antecedent(mention, c.mention[0])
        if ante is not None:
            out[k] = Speaker(ante[0], ante[1])
            continue
        if stype == "group":
            led = _LED_BY.search(mention)
            head = _group_head(mention)
            if led:
                name = led.group(1)
                group_names[head] = name
            elif head in group_names:
                name = group_names[head]  # ``the insurgents`` again
        if stype == "person" and is_role_mention(mention) and not _has_name(mention, names):
            pending_roles.append(k)
        out[k] = Speaker(name, stype)
        # a role phrase earlier on takes this name when the article names it here first
        while pending_roles and c.paragraph - cands[pending_roles[0]].paragraph > 3:
            pending_roles.pop(0)  # too far back to take this name (nor any later one)
        if stype == "person" and _has_name(mention, names) and pending_roles:
            for r in list(pending_roles):
                rc = cands[r]
                if c.paragraph - rc.paragraph <= 3 and not names.known_before(
                        name, rc.mention[0]):
                    out[r] = Speaker(name, "person")
                    for j in range(r + 1, k):  # speakers copied from the role phrase
                        if cands[j].inherit is not None and out[j] is not None and \
                                out[j].name == canonical_name(
                                    text[rc.mention[0]:rc.mention[1]], "person", names):
                            out[j] = out[r]
                pending_roles.remove(r)
    return [s if s is not None else Speaker(None, "anonymous") for s in out]


_LED_BY = re.compile(r"\b(?:led|headed|commanded) by (?:the )?((?:[A-Z][\w’'\-]*)"
                     r"(?:[ \-](?:al|bin|of|for|the|[A-Z][\w’'\-]*))*)")


def _group_head(mention: str) -> str:
    """The head noun of a group phrase (before ``led by``, ``of``, ``who``)."""
    m = re.split(r"\b(?:led|headed|commanded|of|from|in|who|that|with)\b", mention, 1)[0]
    words = re.findall(r"[\w’'\-]+", m.lower())
    return words[-1] if words else ""


def _has_name(mention: str, names: NameIndex) -> bool:
    titles, orgs = load_set("titles"), load_set("org_words")
    for m in _CAP_RUN.finditer(mention):
        ws = [_strip_possessive(w.rstrip(".")) for w in m.group().split()]
        if _person_name(ws, titles, orgs):
            return True
        ws2 = [w for w in ws if w.lower() not in titles]
        if len(ws2) == 1 and ws2[0].lower() in names.full:
            return True
    return False


def _resolve_pronoun(k, c, cands, out, names: NameIndex, person: bool) -> Speaker:
    """The last speaker of the right kind within two paragraphs, else the nearest name."""
    for j in range(k - 1, max(-1, k - 1 - MAX_LOOKBACK), -1):
        pc, ps = cands[j], out[j]
        if ps is None or c.paragraph - pc.paragraph > 2:
            break
        if person and ps.type == "person" and ps.name:
            near = names.nearest_person_before(c.mention[0])
            # a person named after that statement, outside any quote, is the likelier one
            if near and near[0] > max(pc.end, pc.mention[1] if pc.mention else 0) and \
                    names.expand(near[1]) != ps.name and _is_new_subject(near, cands, k):
                return Speaker(names.expand(near[1]), "person")
            return ps
        if not person and ps.type in ("group", "organization") and ps.name:
            return ps
    if person:
        near = names.nearest_person_before(c.mention[0])
        if near:
            return Speaker(names.expand(near[1]), "person")
        return Speaker(None, "person")
    return Speaker(None, "group")


def _is_new_subject(near, cands, k) -> bool:
    """The nearest name lies outside every earlier statement's content."""
    pos = near[0]
    return not any(c.start <= pos < c.end for c in cands[max(0, k - MAX_LOOKBACK):k])
