import pytest

import stance
from stance.errors import InputError, TargetError


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a list"]])
def test_non_strings_raise_input_error(bad):
    with pytest.raises(InputError):
        stance.analyze(bad)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_blank_text_gives_no_statements(text):
    assert len(stance.analyze(text)) == 0


@pytest.mark.parametrize("targets", [[""], [None], 5])
def test_bad_targets_raise_target_error(targets):
    with pytest.raises(TargetError):
        stance.analyze("He said so.", targets=targets)


def test_too_long_text_raises_input_error():
    with pytest.raises(InputError, match="limit"):
        stance.Analyzer(max_chars=10).analyze("x" * 11)
