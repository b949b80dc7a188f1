"""Hypothesis strategies that build hostile and article-like text.

``article`` writes news-like paragraphs from the attribution frames of ``statements.py``
(``X said C``, ``“C,” X said``, ``C, said X``, ``According to X, C``, split quotes,
passives, relatives, appositives, nested reports, cue-less continuation quotes) with
every quotation style the library reads, hedges and evidential flags, and mixes in noise:
arbitrary Unicode, HTML, control characters, Arabic and Chinese, stray and unbalanced
quotation marks, apostrophes and abbreviations. ``hostile_text`` is arbitrary text biased
towards the characters the library treats specially. All text here is invented.
"""
from __future__ import annotations

from hypothesis import strategies as st

PERSONS = ["Ana Ruiz", "Tomas Berg", "Sen. Claire Odum (D-Mo.)", "Dr. Li Wei",
           "President Omar al-Rashid", "Col. Jan de Vries", "Mr. Okafor", "Marie-Claire Duval",
           "U.N. envoy Geir Lund", "the prime minister", "The interior minister"]
ORGS = ["the Interior Ministry", "Reuters", "the council", "Acme Corp.", "the U.S. Army",
        "State media", "the Red Cross"]
GROUPS = ["Officials", "witnesses", "Rebels", "Some analysts", "the protesters",
          "Two senior officials", "Police"]
PRONOUNS = ["He", "She", "They", "It", "he", "she", "they", "We", "I"]
ANON = ["a source", "Sources", "a spokesman", "one official"]
SPEAKERS = PERSONS + ORGS + GROUPS + PRONOUNS + ANON

CUES = ["said", "says", "told reporters", "told the BBC", "claimed", "warned", "added",
        "insisted", "denied", "argued", "stressed", "noted", "announced", "wrote", "tweeted",
        "alleged", "admitted", "explained", "suggested", "vowed", "pledged", "asserted",
        "confirmed", "reported", "declared", "said in a statement", "said on Sunday",
        "has said", "later said", "said Tuesday", "would say"]
INF_CUES = ["urged them", "asked the court", "called on the army", "vowed", "promised",
            "threatened", "pledged", "demanded"]

QUOTE_STYLES = [("“", "”"), ('"', '"'), ("‘", "’"), ("``", "''"), ("&quot;", "&quot;"),
                ("«", "»"), ("„", "“"), ("„", "”"), ("&ldquo;", "&rdquo;"), ("'", "'"),
                ("« ", " »"), ("", ""), ("“", ""), ("", "”"), ('"', "")]

SUBJECTS = ["the plan", "prices", "the dam", "the army", "our forces", "the vote",
            "the government", "the rebels", "Syria’s economy", "the bridge", "nobody",
            "the troops’ morale", "the U.S. embassy", "the ceasefire", "the 2024 budget"]
PREDICATES = ["will fail", "rose 5 percent", "could break", "is on May 5", "won’t last",
              "had entered Hama", "was never at risk", "must be stopped", "may collapse",
              "is working", "claimed the lives of 4 people", "did not happen",
              "would be rebuilt by 2030", "was a lie", "is, frankly, a disaster"]
SPEAKER_HEDGES = ["perhaps", "probably", "we believe", "it seems", "possibly", "likely",
                  "might", "it is not clear whether", "I think", "apparently"]
REPORTER_FLAGS = ["without providing evidence", "reportedly", "allegedly",
                  "There was no independent confirmation", "could not be verified",
                  "according to unverified reports"]
CONNECTIVES = ["But", "Meanwhile,", "However,", "Later,", "Earlier,", "On Sunday,",
               "In a statement,", "And", "Still,", ""]

NOISE_CHARS = ("\"“”„«»‘’`'&;<>/\\()[]{}—–-,.:;!?…\n\r\t\x00\x07\x0b\x0c\x1b\x7f\u00a0"
               "\u200b\u200e\u200f\u2028\u2029\ufeff\ufffd"
               "aeAESs dthT0123 ") + "قالوزيرالخارجية" + "他说政府发言人表示" + "Ωπεσαν" \
    + "\U0001F600\U0001F1FA\U0001F1F8" + "\u0301\u0308"
ARABIC = ["قال وزير الخارجية إن الخطة ستفشل", "«قال المتحدث»", "وقال: \"لن نتراجع\""]
CHINESE = ["外交部发言人说，“我们不会让步。”", "他说：「计划会失败」", "“政府表示反对”"]
HTML = ["<p>", "</p>", "<br>", "<br/>", "<b>", "</b>", "<a href=\"x\">", "</a>",
        "<div class='q'>", "</div>", "<!-- said -->", "&amp;", "&nbsp;", "<script>", "&#8220;"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "<p>", "</p><p>",
              "<br/>", " \u00a0", "\t", "\u2029"]


_TOKENS = ["said ", "“", "”", '"', "‘", "’", "``", "''", "&quot;", ". ", ", ", "\n\n", "He ",
           "X ", "according to ", "told ", "Officials ", "(", ")", "that ", "<p>", "\x00"]


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Arbitrary Unicode, or text drawn mostly from quote marks, markup and controls."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=NOISE_CHARS, max_size=max_size),
        st.lists(st.sampled_from(_TOKENS), max_size=max_size // 4).map("".join),
    )



class _Drawn:
    """Choices drawn through hypothesis (shrinkable)."""

    def __init__(self, draw):
        self.draw = draw

    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def int(self, lo, hi):
        return self.draw(st.integers(lo, hi))

    def text(self, n):
        return self.draw(st.text(max_size=n))

    def noise(self, n):
        return self.draw(st.text(alphabet=NOISE_CHARS, max_size=n))


class _Random:
    """The same choices from a ``random.Random``: fast, for long runs (benchmarks/fuzz.py)."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, options):
        return self.rng.choice(options)

    def int(self, lo, hi):
        return self.rng.randint(lo, hi)

    def text(self, n):
        out = []
        for _ in range(self.rng.randint(0, n)):
            band = self.rng.random()
            cp = (self.rng.randint(32, 126) if band < 0.5 else self.rng.randint(0, 0x2FFF)
                  if band < 0.85 else self.rng.randint(0, 0x10FFFF))
            out.append(chr(cp) if not 0xD800 <= cp <= 0xDFFF else "\ufffd")
        return "".join(out)

    def noise(self, n):
        return "".join(self.rng.choice(NOISE_CHARS) for _ in range(self.rng.randint(0, n)))


def _clause(g) -> str:
    """A content clause, sometimes hedged or with an inner quotation or a title."""
    subj, pred = g.pick(SUBJECTS), g.pick(PREDICATES)
    form = g.int(0, 5)
    if form == 1:
        return f"{g.pick(SPEAKER_HEDGES)} {subj} {pred}"
    if form == 2:
        o, c = g.pick(QUOTE_STYLES)
        return f"{subj} {pred} and was {o}a total disgrace{c}"
    if form == 3:
        return f"{subj} {pred}, and {g.pick(SUBJECTS)} " \
               f"{g.pick(PREDICATES)}"
    if form == 4:
        return f"{subj} {pred} after the “Sunday Accord”"
    return f"{subj} {pred}"


def _report(g) -> str:
    """One sentence holding a reported statement (or none), in one of many frames."""
    who = g.pick(SPEAKERS)
    cue = g.pick(CUES)
    o, c = g.pick(QUOTE_STYLES)
    cl = _clause(g)
    Cl = cl[:1].upper() + cl[1:]
    lead = g.pick(CONNECTIVES)
    lead = (lead + " ") if lead else ""
    form = g.int(0, 15)
    if form == 0:
        s = f"{lead}{who} {cue} {o}{cl}{c}."
    elif form == 1:
        s = f"{o}{Cl},{c} {who} {cue}."
    elif form == 2:
        s = f"{o}{Cl},{c} {cue} {who}."
    elif form == 3:
        s = f"According to {who}, {cl}."
    elif form == 4:
        s = f"{Cl}, according to {who}."
    elif form == 5:
        cl2 = _clause(g)
        s = f"{o}{Cl},{c} {who} {cue}, {o}{cl2}.{c}"
    elif form == 6:
        s = f"It was {g.pick(['reported', 'alleged', 'claimed'])} that {cl}."
    elif form == 7:
        s = f"{who}, who {cue} {cl}, did not comment further."
    elif form == 8:
        s = f"{who}, a spokesman for {g.pick(ORGS)}, {cue} that {cl}."
    elif form == 9:
        other = g.pick(SPEAKERS)
        s = f"{who} {cue} {other} had told them that {cl}."
    elif form == 10:
        s = f"{who} {g.pick(INF_CUES)} to {cl}."
    elif form == 11:
        s = f"{o}{Cl}. {_clause(g).capitalize()}.{c}"  # a continuation quote
    elif form == 12:
        s = f"{who} {cue} {cl}, {g.pick(REPORTER_FLAGS)}."
    elif form == 13:
        s = f"{who} {cue}: {o}{Cl}!{c}"
    elif form == 14:
        s = f"{Cl}, {who} {cue} {g.pick(['on Monday', 'in Geneva', '']) }."
    else:
        s = f"{Cl}."  # narration
    return s


def _noise(g) -> str:
    kind = g.int(0, 6)
    if kind == 0:
        return g.text(40)
    if kind == 1:
        return g.noise(40)
    if kind == 2:
        return g.pick(ARABIC)
    if kind == 3:
        return g.pick(CHINESE)
    if kind == 4:
        return g.pick(HTML)
    if kind == 5:
        return g.pick(["“", "”", '"', "‘", "’", "``", "''", "&quot;", "«",
                                     "»", "„", "don’t", "troops’", "'90s", "U.S.", "Col.",
                                     "e.g.", "..."])
    return "".join(g.pick(["“", '"', "‘", "''", "«"]) for _ in range(g.int(0, 12)))


def _article(g, max_parts: int = 14) -> str:
    """An article-like text: paragraphs of reports, narration and noise."""
    parts = []
    for _ in range(g.int(1, max_parts)):
        if g.int(0, 4) == 0:
            parts.append(_noise(g))
        else:
            parts.append(_report(g))
        parts.append(g.pick(SEPARATORS))
    return "".join(parts)




@st.composite
def clause(draw) -> str:
    """A content clause, sometimes hedged or with an inner quotation or a title."""
    return _clause(_Drawn(draw))


@st.composite
def report(draw) -> str:
    """One sentence holding a reported statement (or none), in one of many frames."""
    return _report(_Drawn(draw))


@st.composite
def noise(draw) -> str:
    return _noise(_Drawn(draw))


@st.composite
def article(draw, max_parts: int = 14) -> str:
    """An article-like text: paragraphs of reports, narration and noise."""
    return _article(_Drawn(draw), max_parts)


def random_article(rng, max_parts: int = 14) -> str:
    """``article`` driven by a ``random.Random`` instead of hypothesis."""
    return _article(_Random(rng), max_parts)


def random_hostile_text(rng, max_size: int = 200) -> str:
    """``hostile_text`` driven by a ``random.Random``."""
    r = _Random(rng)
    kind = rng.randint(0, 2)
    if kind == 0:
        return r.text(max_size)
    if kind == 1:
        return r.noise(max_size)
    return "".join(rng.choice(_TOKENS) for _ in range(rng.randint(0, max_size // 4)))


def any_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Article-like or hostile text."""
    return st.one_of(article(), hostile_text(max_size))


def targets() -> st.SearchStrategy:
    """Valid targets (None, a string, or a list of non-empty strings)."""
    return st.one_of(st.none(), st.sampled_from(SUBJECTS + PERSONS[:3]),
                     st.lists(st.sampled_from(SUBJECTS + ORGS + PERSONS[:3]),
                              max_size=3, unique=True))


def non_strings() -> st.SearchStrategy:
    """Values that are not text."""
    return st.one_of(st.none(), st.binary(), st.integers(), st.floats(), st.booleans(),
                     st.lists(st.text(max_size=5), max_size=3), st.dictionaries(
                         st.text(max_size=3), st.text(max_size=3), max_size=2),
                     st.binary().map(bytearray), st.tuples(st.text(max_size=5)))
