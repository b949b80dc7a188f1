"""Hostile input: wrong types, empty text, huge articles, floods of quotation marks,
unbalanced quotes, HTML, control characters, other scripts, one enormous line.

Each input gets a correct result or a typed error that names the problem, in time linear
in its size (``benchmarks/scaling.py`` prints the figures). All text here is invented.
"""
import time

import pytest

from stance.document import Article
from stance.errors import InputError, StanceError
from stance.pipeline import Analyzer

from .test_properties import check_article, check_round_trip

PARA = ("Ana Ruiz, the interior minister, said on Monday that the dam could break before "
        "May. “We will not wait for it to fail,” she told reporters in Lisbon. Officials "
        "claimed the repairs were finished, without providing evidence. “The river is "
        "rising. Nobody can stop it now,” said Tomas Berg, a local engineer. According to "
        "the council, the road will stay closed.")

# narration with no report in it: a news article is mostly this
FILLER = ("The river rose through the night and reached the old stone bridge by dawn. "
          "Shops along the quay stayed shut, and boats were tied two deep at the harbour "
          "wall. Rain fell on the hills above the town for a third day, filling the "
          "reservoir to its highest level since 1987. Farmers moved sheep to higher ground "
          "while volunteers stacked sandbags outside the school, the church and the "
          "clinic. By noon the water covered the lower road, and the last bus to the coast "
          "was cancelled. ") * 3


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def statements_of(text, analyzer):
    art = analyzer.analyze(text)
    check_article(text, (), art)
    return [(s.start, s.end, s.kind, s.cue.text if s.cue else None) for s in art]


def scales_linearly(run, small: int, factor: int = 8, slack: float = 3.0) -> tuple:
    """(t_small, t_large): best of two runs at ``small`` and ``factor * small``; asserts the
    large input took less than ``slack * factor`` times the small one (quadratic time
    would take ``factor ** 2`` times)."""
    def best(n):
        out = []
        for _ in range(2):
            t0 = time.perf_counter()
            run(n)
            out.append(time.perf_counter() - t0)
        return min(out)
    t1, t2 = best(small), best(small * factor)
    assert t2 < slack * factor * max(t1, 0.005), \
        f"size x{factor} took {t2 / t1:.1f}x the time ({t1:.3f}s -> {t2:.3f}s): not linear"
    return t1, t2


# --- wrong types: a typed error that names what was passed --------------------------------
@pytest.mark.parametrize("value, named", [
    (None, "None"), (b"Ana Ruiz said it.", "bytes"), (bytearray(b"x"), "bytes"),
    (memoryview(b"x"), "bytes"), (42, "int"), (4.2, "float"), (["text"], "list"),
    ({"text": "x"}, "dict"), (Article(text="x"), "Article")])
def test_non_text_raises_input_error_naming_it(analyzer, value, named):
    with pytest.raises(InputError, match=named):
        analyzer.analyze(value)
    with pytest.raises(StanceError):  # the base class catches every library error
        analyzer.analyze(value)


def test_bytes_error_says_how_to_fix_it(analyzer):
    with pytest.raises(InputError, match=r"decode"):
        analyzer.analyze("Ana Ruiz said it.".encode("utf-16"))


# --- empty and blank ----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \r\n \u00a0 \u2029 ", " " * 100_000])
def test_empty_and_blank_text_give_an_empty_article(analyzer, text):
    art = analyzer.analyze(text, targets=["the dam"], id="blank")
    assert art.text == text and art.statements == () and art.targets == ("the dam",)
    assert art.id == "blank"
    check_round_trip(art)


def test_text_over_the_limit_raises_input_error_naming_size_and_limit():
    small = Analyzer(max_chars=1000, use_models=False)
    small.analyze("x" * 1000)
    with pytest.raises(InputError, match=r"1,001 characters.*limit is 1,000"):
        small.analyze("x" * 1001)


# --- size -----------------------------------------------------------------------------------
def test_ten_megabyte_article_gives_every_paragraph_its_statements(analyzer):
    unit = PARA + "\n\n" + FILLER.strip()
    one = statements_of(unit, analyzer)
    assert len(one) >= 4 and one == statements_of(PARA, analyzer)
    sep = "\n\n"
    copies = 10_000_000 // (len(unit) + len(sep)) + 1
    text = sep.join([unit] * copies)
    assert len(text) >= 10_000_000
    art = analyzer.analyze(text)
    assert len(art) == copies * len(one)
    step = len(unit) + len(sep)
    # every copy yields the statements of the paragraph alone, at its own offsets
    got = [(s.start, s.end, s.kind, s.cue.text if s.cue else None) for s in art]
    for k in (0, 1, copies // 2, copies - 1):
        block = got[k * len(one):(k + 1) * len(one)]
        assert [(a - k * step, b - k * step, kind, cue) for a, b, kind, cue in block] == one
    for s in art.statements[::997]:
        assert text[s.start:s.end] == s.text


def test_one_line_of_a_megabyte(analyzer):
    line = PARA.replace("\n", " ") + " "
    copies = 1_000_000 // len(line) + 1
    text = line * copies
    assert "\n" not in text and len(text) >= 1_000_000
    art = analyzer.analyze(text)
    check_article(text, (), art)
    assert len(art) == copies * len(statements_of(PARA, analyzer))


def test_one_line_without_any_sentence_end(analyzer):
    text = "the minister said that officials told reporters the army claimed " * 4_000
    art = analyzer.analyze(text)
    check_article(text, (), art)
    # contents nest at most one level deep, so the output stays linear in the input
    assert sum(len(s.text) for s in art) < 3 * len(text)


# --- quotation marks --------------------------------------------------------------------------
@pytest.mark.parametrize("mark", ['"', "“", "”", "‘", "’", "«", "``", "''", "&quot;", "“”"])
def test_hundred_thousand_quotation_marks(analyzer, mark):
    text = mark * 100_000
    t0 = time.perf_counter()
    art = analyzer.analyze(text)
    assert time.perf_counter() - t0 < 10
    assert art.statements == ()  # marks with no words hold no statement


def test_hundred_thousand_quotations_in_one_sentence_run_in_linear_time(analyzer):
    # a quotation needs a cue or a sentence of its own to be a statement: ``He said “...”``
    # gives one statement per quotation; no sentence ends, so every check that looks at
    # all quotations of a sentence would be quadratic
    unit = "He said “a b c d” "

    def run(n):
        text = unit * n
        art = analyzer.analyze(text)
        assert len(art) == n
        return art

    art = run(50_000)  # 100,000 quotation marks
    assert {s.text for s in art} == {"a b c d"}
    assert {s.kind for s in art} == {"direct"}
    scales_linearly(run, 1_000)


def test_cue_less_quotations_continue_the_speaker_in_linear_time(analyzer):
    # the known quadratic spot: every quotation was checked against every statement
    unit = "“The plan will fail now.” "

    def run(n):
        text = "Ana Ruiz said it would rain. " + unit * n
        return analyzer.analyze(text)

    art = run(20)
    assert [s.speaker.name for s in art][:3] == ["Ana Ruiz"] * 3
    scales_linearly(run, 2_000)


def test_unbalanced_quotes_do_not_swallow_the_text(analyzer):
    text = ("Ana Ruiz said “the dam could break before May.\n\n"
            "Tomas Berg said the road will stay closed.\n\n"
            "“Nobody can stop it,” Officials said.")
    got = {(s.text, s.speaker.name) for s in analyzer.analyze(text)}
    assert got == {("the dam could break before May", "Ana Ruiz"),
                   ("the road will stay closed", "Tomas Berg"),
                   ("Nobody can stop it", "Officials")}


def test_stray_closing_and_straight_marks(analyzer):
    for text in ['Ana Ruiz said the dam could break.” Then it rained.',
                 'Ana Ruiz said the dam could break." Then it rained.',
                 '"""" Ana Ruiz said the dam could break.']:
        (s,) = analyzer.analyze(text)
        assert s.text == "the dam could break" and s.speaker.name == "Ana Ruiz"


@pytest.mark.parametrize("o, c", [("“", "”"), ('"', '"'), ("‘", "’"), ("``", "''"),
                                  ("&quot;", "&quot;"), ("«", "»"), ("„", "”"),
                                  ("&ldquo;", "&rdquo;")])
def test_every_quotation_style_gives_the_same_direct_statement(analyzer, o, c):
    text = f"{o}The dam could break before May,{c} Ana Ruiz said."
    (s,) = analyzer.analyze(text)
    assert (s.text, s.kind, s.speaker.name, s.cue.text) == \
        ("The dam could break before May", "direct", "Ana Ruiz", "said")


# --- markup, control characters, scripts --------------------------------------------------------
def test_html_markup_separates_paragraphs_and_stays_out_of_contents(analyzer):
    text = ("<div><p>Ana Ruiz said “the dam could break.”</p><p>Tomas Berg said the road "
            "will stay closed.<br/>It rained.</p><div class='x'>Police said <b>nothing</b>"
            "</div></div>")
    got = [(s.text, s.speaker.name) for s in analyzer.analyze(text)]
    assert got == [("the dam could break.", "Ana Ruiz"), ("the road will stay closed",
                                                           "Tomas Berg"),
                   ("nothing", "Police")]


def test_control_and_format_characters_are_not_content_edges(analyzer):
    text = ("\ufeffAna Ruiz said\x00 the dam could break.\x1b\n\n"
            "\u200bTomas Berg said \x07the road will stay closed.\x0c")
    got = [(s.text, s.speaker.name) for s in analyzer.analyze(text)]
    assert got == [("the dam could break", "Ana Ruiz"),
                   ("the road will stay closed", "Tomas Berg")]


def test_every_control_character_is_survived(analyzer):
    controls = "".join(chr(c) for c in list(range(32)) + list(range(127, 160)))
    text = controls.join(["Ana Ruiz said", "the dam could break.", "“It will,” he said."])
    check_article(text, (), analyzer.analyze(text))
    text = PARA + "\x00" * 10_000 + PARA
    assert len(analyzer.analyze(text)) == 2 * len(statements_of(PARA, analyzer))


def test_mixed_scripts(analyzer):
    arabic = "قال وزير الخارجية «لن نتراجع عن الخطة».\n\n"
    chinese = "外交部发言人说：“我们不会让步。”他还表示「计划会失败」。\n\n"
    text = arabic + chinese + "Ana Ruiz said the dam could break.\n\n" + arabic
    art = analyzer.analyze(text)
    check_article(text, (), art)
    assert [(s.text, s.speaker.name) for s in art] == [("the dam could break", "Ana Ruiz")]
    # an English report quoting other scripts keeps them, offsets intact
    text = "Ana Ruiz said: “لن نتراجع — 我们不会让步.” Then she left."
    (s,) = analyzer.analyze(text)
    assert s.text == "لن نتراجع — 我们不会让步." and s.kind == "direct"


def test_surrogates_combining_marks_and_emoji(analyzer):
    text = "Ana Ruiz said the d\u0301am \ud800 could break \U0001F30A. “Q\u0308 is here,” he said."
    art = analyzer.analyze(text)
    check_article(text, (), art)
    assert [(s.text, s.speaker.name) for s in art] == [
        ("the d\u0301am \ud800 could break \U0001F30A", "Ana Ruiz"),
        ("Q\u0308 is here", "Ana Ruiz")]
