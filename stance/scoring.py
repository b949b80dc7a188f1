"""The Scoring section of ANNOTATION.md: statement matching and every metric.

This is the same algorithm as the project's reference scorer
(``../shared/tools/score_statements.py``), kept inside the package so that ``stance
evaluate`` needs nothing outside it; ``tests/test_scoring.py`` checks that both give the
same figures. Matching: gold and predicted statements pair one to one, greedily by
decreasing F1 of their content tokens (``\\w+`` runs of the text); ``lenient`` needs F1 >=
0.5, ``exact`` equal token sets. ``subset="speech"`` keeps as recall targets only gold
statements whose cue is a speech/reporting expression and sets aside predictions that
match a non-speech gold statement.
"""
from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict

from .errors import DataError, SchemaError

# ---------------------------------------------------------------------------
# speech / reporting cue lexicon (lemmas); used by --subset speech
# ---------------------------------------------------------------------------
# Verbs (and a few nouns) that introduce reported speech or writing in news.  Left out on
# purpose: cognition and attitude (think, believe, know, hope, expect, fear, want, plan),
# evidence verbs (show, find, see, seem, appear, indicate), and evaluative acts that take a
# noun object rather than reported content (praise, criticize, attack, blast, slam,
# condemn, endorse, support, oppose, back, blame, thank, welcome), cite/refer, decline.
SPEECH_LEMMAS = frozenset(
    """
    say tell add state claim announce warn vow insist deny argue explain note write ask urge
    call report tweet retweet post reply respond answer declare assert acknowledge admit
    concede confirm reveal disclose suggest propose predict promise pledge recall recount
    remark comment mention observe stress emphasize emphasise reiterate repeat continue
    conclude complain lament allege accuse charge contend maintain counter retort joke quip
    boast brag caution threaten demand plead describe speak talk testify email text message
    inform assure advise recommend affirm reaffirm shout yell scream chant exclaim proclaim
    whisper mutter remind tout quote read question wonder inquire query order instruct
    statement interview remarks comments testimony announcement allegation assertion speech
    """.split()
)
# Multi-word expressions, as lemma sequences.
SPEECH_PHRASES = (
    ("according", "to"),
    ("point", "out"),
    ("shoot", "back"),
    ("put", "it"),
    ("make", "clear"),
    ("make", "it", "clear"),
    ("go", "on", "to"),
)
IRREGULAR = {
    "said": "say", "says": "say", "saith": "say", "told": "tell", "wrote": "write",
    "written": "write", "spoke": "speak", "spoken": "speak", "shot": "shoot", "made": "make",
    "makes": "make", "making": "make", "went": "go", "goes": "go", "gone": "go",
    "put": "put", "puts": "put", "putting": "put", "read": "read", "reads": "read",
    "reading": "read", "remarks": "remarks", "comments": "comments",
}


def _lemma_candidates(w: str):
    if w in IRREGULAR:
        return {IRREGULAR[w]}
    c = {w}
    if w.endswith("ies") or w.endswith("ied"):
        c.add(w[:-3] + "y")
    if w.endswith("ing") and len(w) > 4:
        b = w[:-3]
        c.update({b, b + "e"})
        if len(b) > 2 and b[-1] == b[-2]:
            c.add(b[:-1])
    if w.endswith("ed") and len(w) > 3:
        b = w[:-2]
        c.update({b, w[:-1]})
        if len(b) > 2 and b[-1] == b[-2]:
            c.add(b[:-1])
    if w.endswith("es") and len(w) > 3:
        c.update({w[:-2], w[:-1]})
    elif w.endswith("s") and len(w) > 2:
        c.add(w[:-1])
    return c


def cue_is_speech(cue) -> bool:
    """True when a cue string is a speech/reporting verb or phrase (None -> True)."""
    if cue is None:
        return True
    words = re.findall(r"[a-z]+", cue.lower().replace("\u2019", "'"))
    if not words:  # punctuation cues such as ':' or a dash
        return False
    cands = [_lemma_candidates(w) for w in words]
    if any(c & SPEECH_LEMMAS for c in cands):
        return True
    for ph in SPEECH_PHRASES:
        n = len(ph)
        for i in range(len(cands) - n + 1):
            if all(ph[k] in cands[i + k] for k in range(n)):
                return True
    return False


# ---------------------------------------------------------------------------
# speaker-name normalisation
# ---------------------------------------------------------------------------
DETERMINERS = frozenset("the a an this that these those".split())
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father
    president vice prime minister secretary sen senator rep representative congressman
    congresswoman gov governor mayor lt gov gen general col colonel maj major capt captain
    sgt sergeant cpl pvt adm admiral cmdr commander brig lieutenant chancellor king queen
    prince princess sheikh emir judge justice ambassador pope chairman chairwoman
    """.split()
)


def name_tokens(name):
    if not name:
        return []
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", " ", s)
    toks = re.findall(r"[^\W_]+", s)
    out = [t for t in toks if t not in DETERMINERS and t not in TITLES]
    if not out:  # "the president": keep the title rather than lose the name
        out = [t for t in toks if t not in DETERMINERS] or toks
    return out


def names_match(gold_name, pred_name, gold_is_person=False, mention_mode=False):
    g, p = name_tokens(gold_name), name_tokens(pred_name)
    if not g or not p:
        return not g and not p
    if g == p:
        return True
    if gold_is_person and g[-1] == p[-1]:
        return True
    if mention_mode:
        short, long_ = (g, p) if len(g) < len(p) else (p, g)
        if len(short) == 1 and long_[-1] == short[0]:
            return True
    return False


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------
def load_docs(path):
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError:
        obj = None
    if isinstance(obj, dict):
        return [obj]
    if isinstance(obj, list):
        return obj
    return parse_jsonl(raw, path)


def parse_jsonl(raw: str, path) -> list:
    """The records of JSON Lines text; DataError names the file and line of a bad one."""
    docs = []
    for i, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{i}: not JSON: {exc}") from exc
    return docs


def items_of(doc):
    if doc.get("statements") is not None:
        return doc["statements"]
    return doc.get("quotes") or []


class Tokens:
    """\\w+ tokens of a text with bisect lookup of spans."""

    def __init__(self, text):
        self.starts, self.ends = [], []
        for m in re.finditer(r"\w+", text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def span(self, s, e):
        if s is None or e is None or e <= s:
            return range(0)
        lo = bisect.bisect_right(self.ends, s)
        hi = bisect.bisect_left(self.starts, e)
        return range(lo, hi)

    def spans(self, spans):
        out = set()
        for s, e in spans:
            out.update(self.span(s, e))
        return frozenset(out)


def _spans(item, frag_key, s_key, e_key, alt_key=None):
    """Span list of a field; empty spans (end <= start, e.g. [0, 0]) count as absent."""
    fr = item.get(frag_key)
    if fr:
        out = [(int(a), int(b)) for a, b in fr]
    elif item.get(s_key) is not None and item.get(e_key) is not None:
        out = [(int(item[s_key]), int(item[e_key]))]
    elif alt_key and item.get(alt_key) and None not in item[alt_key][:2]:
        a, b = item[alt_key][:2]
        out = [(int(a), int(b))]
    else:
        out = []
    return [(a, b) for a, b in out if b > a]


def prep_item(item, toks, is_gold):
    content = _spans(item, "fragments", "start", "end")
    it = {
        "raw": item,
        "tokens": toks.spans(content),
        "kind": item.get("kind"),
        "has_kind": "kind" in item and item.get("kind") is not None,
        "cue": item.get("cue"),
        "cue_spans": _spans(item, "cue_fragments", "cue_start", "cue_end", "cue_span"),
        "has_cue_key": any(k in item for k in ("cue", "cue_start", "cue_span")),
        "mention_spans": _spans(item, "speaker_fragments", "speaker_start", "speaker_end",
                                "speaker_span"),
        "speaker_type": item.get("speaker_type"),
        "hedging": item.get("hedging"),
        "hedge_cues": item.get("hedge_cues"),
        "stance": item.get("stance"),
    }
    if is_gold:
        if "speaker_mention" in item:  # ANNOTATION schema: speaker is canonical
            it["canonical"] = item.get("speaker")
            it["mention"] = item.get("speaker_mention")
            it["canonical_from_mention"] = False
        else:  # holdout schema: speaker is the surface mention
            it["canonical"] = None
            it["mention"] = item.get("speaker")
            it["canonical_from_mention"] = True
        it["speech"] = cue_is_speech(item.get("cue"))
    else:
        it["canonical"] = item.get("speaker") or item.get("speaker_mention")
        it["mention"] = item.get("speaker_mention") or item.get("speaker")
    return it


# ---------------------------------------------------------------------------
# matching and metrics
# ---------------------------------------------------------------------------
def tok_f1(a, b):
    if not a or not b:
        return 0.0
    o = len(a & b)
    return 2.0 * o / (len(a) + len(b))


def greedy_match(golds, preds, gi_list, pi_list, accept):
    """One-to-one greedy pairing by decreasing token F1; accept(f1) filters pairs."""
    cands = []
    for gi in gi_list:
        gt = golds[gi]["tokens"]
        for pi in pi_list:
            pt = preds[pi]["tokens"]
            if not (gt & pt):
                continue
            f = tok_f1(gt, pt)
            if accept(f, gt, pt):
                cands.append((-f, gi, pi))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def spans_overlap(a, b):
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "n_pred": n_pred, "n_gold": n_gold, "p": p, "r": r, "f1": f}


def macro_f1(pairs_labels, labels):
    """pairs_labels: list of (gold, pred); labels: the labels to average over."""
    per = {}
    for lab in labels:
        tp = sum(1 for g, p in pairs_labels if g == lab and p == lab)
        fp = sum(1 for g, p in pairs_labels if g != lab and p == lab)
        fn = sum(1 for g, p in pairs_labels if g == lab and p != lab)
        if tp + fp + fn == 0:
            continue
        per[lab] = 2 * tp / (2 * tp + fp + fn)
    return {
        "f1": sum(per.values()) / len(per) if per else None,
        "per_label": per,
        "n": len(pairs_labels),
    }


def cue_right(g, p):
    if not g["cue_spans"] and not g["cue"]:  # gold: no cue of its own
        return not p["cue_spans"] and not p["cue"]
    if g["cue_spans"] and p["cue_spans"]:
        return spans_overlap(g["cue_spans"], p["cue_spans"])
    if p["cue"] and not p["cue_spans"] and g["cue"]:
        return re.findall(r"\w+", g["cue"].lower()) == re.findall(r"\w+", p["cue"].lower())
    return False


def mention_right(g, p):
    if not g["mention_spans"]:
        return not p["mention_spans"]
    return bool(p["mention_spans"]) and spans_overlap(g["mention_spans"], p["mention_spans"])


def canonical_right(g, p):
    if g["canonical_from_mention"]:
        return names_match(g["mention"], p["canonical"], False, mention_mode=True)
    return names_match(g["canonical"], p["canonical"], g["speaker_type"] == "person")


def speaker_right(g, p):
    if canonical_right(g, p):
        return True
    if g["canonical_from_mention"] and g["mention_spans"] and p["mention_spans"]:
        return spans_overlap(g["mention_spans"], p["mention_spans"])
    return False


def score(gold_docs, pred_docs, subset=None, threshold=0.5):
    preds_by_id = {}
    for d in pred_docs:
        preds_by_id[str(d.get("id"))] = d
    gold_ids = {str(d.get("id")) for d in gold_docs}
    unknown_pred_ids = sorted(set(preds_by_id) - gold_ids)

    c = Counter()
    kind_pairs, cue_hits, men_hits, can_hits = [], [], [], []
    hedge_pairs, hc = [], Counter()
    stance_pairs = defaultdict(list)
    pred_has = Counter()
    gold_has = Counter()

    for gdoc in gold_docs:
        did = str(gdoc.get("id"))
        text = gdoc.get("text")
        if text is None:
            raise SchemaError(f"gold document {did} has no text")
        toks = Tokens(text)
        golds = [prep_item(x, toks, True) for x in items_of(gdoc)]
        pdoc = preds_by_id.get(did, {})
        preds = [prep_item(x, toks, False) for x in items_of(pdoc)]
        for p in preds:
            for f in ("hedging", "hedge_cues", "stance"):
                if p["raw"].get(f) is not None:
                    pred_has[f] += 1
        c["docs"] += 1
        c["gold_all"] += len(golds)
        c["pred_all"] += len(preds)

        if subset == "speech":
            tgt = [i for i, g in enumerate(golds) if g["speech"]]
            other = [i for i, g in enumerate(golds) if not g["speech"]]
        else:
            tgt, other = list(range(len(golds))), []
        all_p = list(range(len(preds)))
        lenient_ok = lambda f, a, b: f >= threshold  # noqa: E731
        exact_ok = lambda f, a, b: a == b  # noqa: E731
        lpairs = greedy_match(golds, preds, tgt, all_p, lenient_ok)
        used = {pi for _, pi in lpairs}
        neutral = set()
        if other:
            rest = [pi for pi in all_p if pi not in used]
            neutral = {pi for _, pi in greedy_match(golds, preds, other, rest, lenient_ok)}
        live_p = [pi for pi in all_p if pi not in neutral]
        epairs = greedy_match(golds, preds, tgt, live_p, exact_ok)

        c["gold"] += len(tgt)
        c["pred"] += len(live_p)
        c["pred_neutral"] += len(neutral)
        c["lenient_tp"] += len(lpairs)
        c["exact_tp"] += len(epairs)

        for gi, pi in lpairs:
            g, p = golds[gi], preds[pi]
            if g["has_kind"]:
                kind_pairs.append(g["kind"] == p["kind"])
            if g["has_cue_key"]:
                cue_hits.append(cue_right(g, p))
            men_hits.append(mention_right(g, p))
            can_hits.append(canonical_right(g, p))
            if speaker_right(g, p):
                c["attributed_tp"] += 1
            if g["hedging"] is not None:
                gold_has["hedging"] += 1
                hedge_pairs.append((g["hedging"], p["hedging"]))
            if g["hedge_cues"] is not None:
                gold_has["hedge_cues"] += 1
                gc = [tuple(x) for x in g["hedge_cues"]]
                pc = [tuple(x) for x in (p["hedge_cues"] or [])]
                used_p = set()
                for gs, ge, gsrc in gc:
                    for k, (ps, pe, psrc) in enumerate(pc):
                        if k not in used_p and psrc == gsrc and ps < ge and gs < pe:
                            used_p.add(k)
                            hc["tp"] += 1
                            break
                hc["gold"] += len(gc)
                hc["pred"] += len(pc)
            if g["stance"]:
                gold_has["stance"] += 1
                pst = {str(k).lower(): v for k, v in (p["stance"] or {}).items()}
                for tgt_name, lab in g["stance"].items():
                    stance_pairs[tgt_name].append((lab, pst.get(str(tgt_name).lower())))

    def acc(xs):
        return {"acc": (sum(xs) / len(xs)) if xs else None, "n": len(xs)}

    res = {
        "subset": subset,
        "threshold": threshold,
        "docs": c["docs"],
        "docs_without_prediction": sum(
            1 for d in gold_docs if str(d.get("id")) not in preds_by_id),
        "unknown_pred_ids": len(unknown_pred_ids),
        "gold_statements_all": c["gold_all"],
        "gold_targets": c["gold"],
        "pred_statements_all": c["pred_all"],
        "pred_counted": c["pred"],
        "pred_set_aside": c["pred_neutral"],
        "lenient": prf(c["lenient_tp"], c["pred"], c["gold"]),
        "exact": prf(c["exact_tp"], c["pred"], c["gold"]),
        "attributed": prf(c["attributed_tp"], c["pred"], c["gold"]),
        "matched_pairs": c["lenient_tp"],
        "kind_acc": acc(kind_pairs),
        "cue_acc": acc(cue_hits),
        "speaker_mention_acc": acc(men_hits),
        "canonical_speaker_acc": acc(can_hits),
        "hedging_macro_f1": None,
        "hedge_cues": None,
        "stance": None,
    }
    if gold_has["hedging"] and pred_has["hedging"]:
        res["hedging_macro_f1"] = macro_f1(hedge_pairs, ["none", "speaker", "reporter", "both"])
    if gold_has["hedge_cues"] and pred_has["hedge_cues"]:
        res["hedge_cues"] = prf(hc["tp"], hc["pred"], hc["gold"])
    if gold_has["stance"] and pred_has["stance"]:
        labs = ["favor", "against", "neutral"]
        pooled = [x for v in stance_pairs.values() for x in v]
        res["stance"] = {
            "pooled": macro_f1(pooled, labs),
            "per_target": {t: macro_f1(v, labs) for t, v in sorted(stance_pairs.items())},
        }
    return res


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------
def _f(x):
    return "   -  " if x is None else f"{x:6.3f}"


def format_table(r):
    out = []
    sub = f", subset={r['subset']}" if r["subset"] else ""
    out.append(
        f"docs {r['docs']} ({r['docs_without_prediction']} without prediction){sub}; "
        f"gold {r['gold_targets']}/{r['gold_statements_all']} targets; "
        f"pred {r['pred_counted']} counted, {r['pred_set_aside']} set aside"
    )
    out.append(f"{'':22s} {'P':>6s} {'R':>6s} {'F1':>6s} {'TP':>6s}")
    for k in ("lenient", "exact", "attributed"):
        m = r[k]
        out.append(f"{k:22s} {_f(m['p'])} {_f(m['r'])} {_f(m['f1'])} {m['tp']:6d}")
    out.append(f"{'on %d lenient pairs' % r['matched_pairs']:22s} {'acc':>6s} {'n':>6s}")
    for k, lab in (("kind_acc", "kind"), ("cue_acc", "cue"),
                   ("speaker_mention_acc", "speaker mention"),
                   ("canonical_speaker_acc", "canonical speaker")):
        out.append(f"  {lab:20s} {_f(r[k]['acc'])} {r[k]['n']:6d}")
    h = r["hedging_macro_f1"]
    out.append(f"  {'hedging macro-F1':20s} {_f(h['f1'] if h else None)}"
               + (f" {h['n']:6d}" if h else ""))
    hc = r["hedge_cues"]
    out.append(f"  {'hedge cues P/R/F1':20s} "
               + (f"{_f(hc['p'])} {_f(hc['r'])} {_f(hc['f1'])}" if hc else "   -  "))
    s = r["stance"]
    if s:
        out.append(f"  {'stance macro-F1':20s} {_f(s['pooled']['f1'])} {s['pooled']['n']:6d}"
                   "  (pooled)")
        for t, m in s["per_target"].items():
            out.append(f"    {t[:30]:30s} {_f(m['f1'])} {m['n']:6d}")
    else:
        out.append(f"  {'stance macro-F1':20s}    -  ")
    return "\n".join(out)
