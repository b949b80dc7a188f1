"""The whole pipeline on the seed article, scored by the project's scorer."""
import stance
from stance.scoring import score


def test_seed_scores(seed_text, seed_gold):
    article = stance.analyze(seed_text, targets=seed_gold["targets"], id=seed_gold["id"])
    res = score([seed_gold], [article.to_dict()])
    assert res["lenient"]["f1"] >= 0.90
    assert res["canonical_speaker_acc"]["acc"] >= 0.90


def test_every_he_is_resolved_to_a_name(seed_text):
    article = stance.analyze(seed_text)
    pronoun = [s for s in article if s.speaker.mention and s.speaker.mention.text in ("He", "he")]
    assert pronoun, "the seed has pronoun speakers"
    assert all(s.speaker.name and s.speaker.name[0].isupper() and " " in s.speaker.name
               for s in pronoun)


def test_seed_offsets_slice_to_strings(seed_text):
    for st in stance.analyze(seed_text, targets=["Syrian government"]):
        d = st.to_dict()
        assert seed_text[d["start"]:d["end"]] == d["text"]
        if d["cue"] is not None:
            assert seed_text[d["cue_start"]:d["cue_end"]] == d["cue"]
        if d["speaker_mention"] is not None:
            assert seed_text[d["speaker_start"]:d["speaker_end"]] == d["speaker_mention"]
