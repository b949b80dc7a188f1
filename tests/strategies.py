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


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Arbitrary Unicode, or text drawn mostly from quote marks, markup and controls."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=NOISE_CHARS, max_size=max_size),
        st.lists(st.sampled_from(["said ", "“", "”", '"', "‘", "’", "``", "''",
                                  "&quot;", ". ", ", ", "\n\n", "He ", "X ", "according to ",
                                  "told ", "Officials ", "(", ")", "that "]),
                 max_size=max_size // 4).map("".join),
    )


@st.composite
def clause(draw) -> str:
    """A content clause, sometimes hedged or with an inner quotation or a title."""
    subj, pred = draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(PREDICATES))
    form = draw(st.integers(0, 5))
    if form == 1:
        return f"{draw(st.sampled_from(SPEAKER_HEDGES))} {subj} {pred}"
    if form == 2:
        o, c = draw(st.sampled_from(QUOTE_STYLES))
        return f"{subj} {pred} and was {o}a total disgrace{c}"
    if form == 3:
        return f"{subj} {pred}, and {draw(st.sampled_from(SUBJECTS))} " \
               f"{draw(st.sampled_from(PREDICATES))}"
    if form == 4:
        return f"{subj} {pred} after the “Sunday Accord”"
    return f"{subj} {pred}"


@st.composite
def report(draw) -> str:
    """One sentence holding a reported statement (or none), in one of many frames."""
    who = draw(st.sampled_from(SPEAKERS))
    cue = draw(st.sampled_from(CUES))
    o, c = draw(st.sampled_from(QUOTE_STYLES))
    cl = draw(clause())
    Cl = cl[:1].upper() + cl[1:]
    lead = draw(st.sampled_from(CONNECTIVES))
    lead = (lead + " ") if lead else ""
    form = draw(st.integers(0, 15))
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
        cl2 = draw(clause())
        s = f"{o}{Cl},{c} {who} {cue}, {o}{cl2}.{c}"
    elif form == 6:
        s = f"It was {draw(st.sampled_from(['reported', 'alleged', 'claimed']))} that {cl}."
    elif form == 7:
        s = f"{who}, who {cue} {cl}, did not comment further."
    elif form == 8:
        s = f"{who}, a spokesman for {draw(st.sampled_from(ORGS))}, {cue} that {cl}."
    elif form == 9:
        other = draw(st.sampled_from(SPEAKERS))
        s = f"{who} {cue} {other} had told them that {cl}."
    elif form == 10:
        s = f"{who} {draw(st.sampled_from(INF_CUES))} to {cl}."
    elif form == 11:
        s = f"{o}{Cl}. {draw(clause()).capitalize()}.{c}"  # a continuation quote
    elif form == 12:
        s = f"{who} {cue} {cl}, {draw(st.sampled_from(REPORTER_FLAGS))}."
    elif form == 13:
        s = f"{who} {cue}: {o}{Cl}!{c}"
    elif form == 14:
        s = f"{Cl}, {who} {cue} {draw(st.sampled_from(['on Monday', 'in Geneva', ''])) }."
    else:
        s = f"{Cl}."  # narration
    return s


@st.composite
def noise(draw) -> str:
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return draw(st.text(max_size=40))
    if kind == 1:
        return draw(st.text(alphabet=NOISE_CHARS, max_size=40))
    if kind == 2:
        return draw(st.sampled_from(ARABIC))
    if kind == 3:
        return draw(st.sampled_from(CHINESE))
    if kind == 4:
        return draw(st.sampled_from(HTML))
    if kind == 5:
        return draw(st.sampled_from(["“", "”", '"', "‘", "’", "``", "''", "&quot;", "«",
                                     "»", "„", "don’t", "troops’", "'90s", "U.S.", "Col.",
                                     "e.g.", "..."]))
    return "".join(draw(st.lists(st.sampled_from(["“", '"', "‘", "''", "«"]), max_size=12)))


@st.composite
def article(draw, max_parts: int = 14) -> str:
    """An article-like text: paragraphs of reports, narration and noise."""
    parts = []
    for _ in range(draw(st.integers(1, max_parts))):
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(noise()))
        else:
            parts.append(draw(report()))
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


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
