"""The stance stage: features, the two-stage classifier, the shipped model, aggregation."""
import numpy as np
import pytest

from stance import modelio, targets
from stance.errors import TargetError
from stance.pipeline import Analyzer
from stance.stance_features import LABELS, Pair, PairFeaturizer, TwoStageStance, tokens

TEXT = ("The army said it still held the bridge. Rebel leader Arvid Salo said his fighters "
        "had captured the town of Kelm. The Defence Ministry denied that rebels had captured "
        "Kelm and called the reports false.")


def test_tokens_split_negation():
    assert tokens("They don't know?") == ["they", "do", "n't", "know", "?"]


def test_featurizer_overlap_and_refutation():
    f = PairFeaturizer(max_features=100).fit(
        [Pair("Rebels captured Kelm", TEXT), Pair("Rebels captured Kelm", TEXT[:80])])
    _, dense = f.transform([Pair("Rebels captured Kelm", "Rebels captured Kelm"),
                            Pair("Rebels captured Kelm", "The weather was mild"),
                            Pair("Rebels captured Kelm", "The claim is false, a hoax")])
    from stance.stance_features import DENSE_NAMES
    frac = DENSE_NAMES.index("frac_text")
    refute = DENSE_NAMES.index("text_refute")
    assert dense[0, frac] == 1.0 and dense[1, frac] == 0.0
    assert dense[2, refute] > 0 and dense[0, refute] == 0


def _toy():
    """A small learnable problem: assert vs refute vs report vs off-topic."""
    rng = np.random.default_rng(0)
    pairs, y, groups = [], [], []
    claims = ["the bridge was destroyed", "the mayor resigned", "prices rose in May",
              "the ferry sank near the port", "the vote was postponed", "the dam burst"]
    for i in range(240):
        c = claims[i % len(claims)]
        kind = LABELS[i % 4]
        filler = " ".join(rng.choice(["today", "locally", "again", "then"], 2))
        text = {"favor": f"officials confirmed that {c} {filler}",
                "against": f"officials denied that {c}, calling it false {filler}",
                "neutral": f"reports say {c} allegedly, unverified {filler}",
                "unrelated": f"the football team won its match {filler}"}[kind]
        pairs.append(Pair(c, text))
        y.append(kind)
        groups.append(i % len(claims))
    return pairs, y, groups


def test_two_stage_learns_and_probabilities_sum_to_one():
    pairs, y, groups = _toy()
    clf = TwoStageStance(max_iter=30, max_features=500).fit(pairs, y, groups)
    probs = clf.predict_proba(pairs)
    assert probs.shape == (len(pairs), 4)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert np.mean(np.array(clf.predict(pairs)) == np.array(y)) > 0.9
    # an unseen claim gets a distribution too
    new = "the museum reopened"
    probs = clf.predict_proba([Pair(new, f"officials denied that {new}, calling it false")])
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_fit_is_deterministic():
    import io

    import joblib
    pairs, y, groups = _toy()
    dumps = []
    for _ in range(2):
        buf = io.BytesIO()
        joblib.dump(TwoStageStance(max_iter=10, max_features=200).fit(pairs, y, groups), buf)
        dumps.append(buf.getvalue())
    assert dumps[0] == dumps[1]


def test_statement_context_is_the_sentence():
    start = TEXT.index("his fighters")
    ctx = targets.statement_context(TEXT, start, TEXT.index(" of Kelm") + 8)
    assert ctx.startswith("Rebel leader Arvid Salo said") and "Defence" not in ctx


def test_rule_fallback_and_check_targets():
    assert targets.stance_labels("rebels entered Hama", None, ["Hama", "Cairo"]) == [
        ("Hama", "neutral"), ("Cairo", "unrelated")]
    with pytest.raises(TargetError):
        targets.check_targets(["ok", ""])
    with pytest.raises(TargetError):
        targets.check_targets(3)


shipped = pytest.mark.skipif(not modelio.has_stage("stance"), reason="no models/stance")


@pytest.fixture(scope="module")
def model():
    return modelio.load_stage("stance")


@shipped
def test_shipped_model_labels_order_and_unseen_targets(model):
    items = [(TEXT.index("his fighters"), TEXT.index(" of Kelm") + 8, "Arvid Salo"),
             (TEXT.index("rebels had"), TEXT.index(" and called"), "Defence Ministry")]
    tg = ["Rebels have captured Kelm", "Zorblax Institute of Quantum Pastry"]
    res = model.predict(TEXT, items, tg)
    assert len(res) == 2 and all(len(r) == 2 for r in res)
    for per_item in res:
        for label, probs in per_item:
            assert label in LABELS and set(probs) == set(LABELS)
            assert abs(sum(probs.values()) - 1) < 1e-3
            assert label == max(probs, key=probs.get)
    # reversed target order gives the reversed results
    rev = model.predict(TEXT, items, tg[::-1])
    assert [r[::-1] for r in rev] == res


@shipped
def test_analyze_without_targets_leaves_stance_empty(seed_text):
    art = Analyzer().analyze(seed_text)
    assert art.targets == () and all(st.stance == () for st in art)
    art = Analyzer().analyze(seed_text, targets=["Syrian government"])
    assert all(len(st.stance) == 1 and st.stance[0].probabilities for st in art)


def test_article_stance_and_proposed_targets(seed_text):
    art = Analyzer().analyze(seed_text)
    label, probs = targets.article_stance(art, "Rebels have entered Hama")
    assert label in ("agree", "disagree", "discuss", "unrelated")
    assert set(probs) == {"agree", "disagree", "discuss", "unrelated"}
    assert abs(sum(probs.values()) - 1) < 1e-3
    proposed = targets.propose_targets(art, k=3)
    assert 1 <= len(proposed) <= 3 and len(set(proposed)) == len(proposed)
    assert all(p in seed_text for p in proposed)
