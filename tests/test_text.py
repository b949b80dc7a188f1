from stance.text import find_quotes, paragraph_spans, sentence_spans


def quotes_of(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_curly_straight_single_and_ptb_quotes():
    assert quotes_of("He said “we will win” today.") == ["we will win"]
    assert quotes_of('He said "we will win" today.') == ["we will win"]
    assert quotes_of("He said ‘we will win’ today.") == ["we will win"]
    assert quotes_of("He said ``we will win'' today.") == ["we will win"]


def test_apostrophes_are_not_quotation_marks():
    text = "The troops’ morale fell. ‘We don’t know,’ she said."
    assert quotes_of(text) == ["We don’t know,"]


def test_unbalanced_quote_does_not_swallow_the_rest():
    text = "He said “we will win.\n\nThe next paragraph says “another thing” here."
    assert quotes_of(text) == ["another thing"]


def test_multi_paragraph_quote_is_one_quotation():
    text = "“First part of it.\n\n“Second part,” she said.\n\nAfter."
    qs = find_quotes(text)
    assert len(qs) == 1 and qs[0].multi_paragraph
    assert text[qs[0].start:qs[0].end] == "First part of it.\n\n“Second part,"


def test_odd_number_of_straight_quotes_never_raises():
    text = 'a " b " c " d'
    find_quotes(text)  # must not raise
    assert len(quotes_of(text)) <= 1


def test_sentences_do_not_end_at_abbreviations_or_inside_quotes():
    text = ("Col. Hassan Abdulghani met Sen. Ray Lu in the U.S. capital. "
            "“We won. They lost,” he said. Then he left.")
    paras = paragraph_spans(text)
    sents = [text[a:b] for a, b in sentence_spans(text, paras, find_quotes(text, paras))]
    assert sents == ["Col. Hassan Abdulghani met Sen. Ray Lu in the U.S. capital.",
                     "“We won. They lost,” he said.", "Then he left."]


def test_paragraphs_from_blank_lines_and_markup_not_stray_breaks():
    text = "First line of a\nsentence.\n\nSecond.<p>Third.</p>"
    assert [text[a:b] for a, b in paragraph_spans(text)] == [
        "First line of a\nsentence.", "Second.", "Third."]
