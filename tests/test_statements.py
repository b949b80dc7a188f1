import pytest

import stance


def only(text, **kw):
    art = stance.analyze(text, **kw)
    assert len(art) == 1, [s.to_dict() for s in art]
    return art.statements[0]


@pytest.mark.parametrize("text,content,cue,mention,kind", [
    ("Mayor Ana Ruiz said that the bridge will open.", "the bridge will open", "said",
     "Mayor Ana Ruiz", "indirect"),
    ("The bridge will open next week, Ruiz said.", "The bridge will open next week", "said",
     "Ruiz", "indirect"),
    ("The bridge will open next week, said the city council.",
     "The bridge will open next week", "said", "the city council", "indirect"),
    ("“We are ready,” the coach told reporters.", "We are ready", "told", "the coach",
     "direct"),
    ("According to the ministry, prices rose sharply.", "prices rose sharply",
     "According to", "the ministry", "indirect"),
    ("Prices rose sharply, according to the ministry.", "Prices rose sharply",
     "according to", "the ministry", "indirect"),
    ("The rebels vowed to push into the capital.", "to push into the capital", "vowed",
     "The rebels", "indirect"),
    ("Lena Ortiz said the plan would “wreck the coast.”",
     "the plan would “wreck the coast", "said", "Lena Ortiz", "mixed"),
])
def test_frames(text, content, cue, mention, kind):
    st = only(text)
    assert st.text == content
    assert st.cue.text == cue
    assert st.speaker.mention.text == mention
    assert st.kind == kind


def test_split_quote_is_one_statement():
    text = "“We are ready,” Ruiz said, “and we will win.”"
    st = only(text)
    assert st.kind == "direct"
    assert st.text.startswith("We are ready") and st.text.endswith("we will win.")


def test_continuation_quote_takes_the_last_speaker():
    text = ("Mayor Ana Ruiz said the budget was balanced.\n\n"
            "“We have cut waste in every department and we will keep doing it.”")
    art = stance.analyze(text)
    assert len(art) == 2
    cont = art.statements[1]
    assert cont.cue is None and cont.kind == "direct"
    assert cont.speaker.name == "Ana Ruiz"


def test_pronoun_and_surname_resolve_to_full_name():
    text = ("Finance Minister Tomas Berg said taxes would fall. "
            "He added that spending would rise. Berg said the deficit was shrinking.")
    names = [s.speaker.name for s in stance.analyze(text)]
    assert names == ["Tomas Berg"] * 3


def test_scare_quotes_titles_and_beliefs_are_not_statements():
    text = ("The so-called “reform” passed. Critics of the film “Blue River” were loud. "
            "Officials believe the dam is safe. The company plans to expand.")
    assert len(stance.analyze(text)) == 0


def test_claimed_responsibility_is_not_a_statement():
    assert len(stance.analyze("A group claimed responsibility for the attack.")) == 0
    assert len(stance.analyze("The storm claimed the lives of four people.")) == 0


def test_reporter_and_speaker_hedges():
    art = stance.analyze("The army claimed it had killed 40 fighters, without providing "
                         "evidence. The mayor said the flood may return.")
    first, second = art.statements
    assert first.hedging == "reporter"
    assert {c.text for c in first.hedge_cues} == {"claimed", "without providing evidence"}
    assert second.hedging == "speaker" and second.hedge_cues[0].text == "may"


def test_may_the_month_is_not_a_hedge():
    st = only("The mayor said the vote will be held on May 5.")
    assert st.hedging == "none"
