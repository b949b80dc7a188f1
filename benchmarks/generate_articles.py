"""Generate article-like news text for throughput and kill/resume runs.

Every word comes from the small vocabularies below (written for this project; no
third-party text). Articles mix direct, indirect, mixed and according-to reports,
pronoun follow-ups, hedges and plain narrative, in paragraphs, at realistic lengths.

    python benchmarks/generate_articles.py --n 100000 --out /tmp/articles.jsonl [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import random

FIRST = ("Maria Alvarez Tom Becker Aisha Rahman Lars Nilsson Keiko Tanaka Daniel Okafor Sofia "
         "Marchetti Omar Haddad Elena Petrova Jonas Weber Grace Mensah Victor Lindqvist "
         "Hannah Cole Rafael Duarte Mei Lin Samuel Adeyemi").split()
PEOPLE = [" ".join(FIRST[i:i + 2]) for i in range(0, len(FIRST), 2)]
ROLES = ("the minister", "the mayor", "a senior official", "the spokeswoman",
         "the company's chief executive", "the union leader", "a police spokesman",
         "the opposition leader", "an analyst", "the governor")
TITLES = ("Minister", "Mayor", "Senator", "Dr.", "Governor", "Judge")
ORGS = ("the Ministry of Transport", "the city council", "the central bank",
        "the Northern Rail Company", "the health agency", "the teachers' union",
        "the electoral commission", "the regional court", "the port authority")
TOPICS = ("the new budget", "the rail strike", "the flood defences", "the hospital plan",
          "the tax reform", "the election timetable", "the water shortage",
          "the bridge repairs", "the school closures", "the trade agreement")
VERBS = ("said", "told reporters", "added", "argued", "warned", "insisted", "claimed",
         "stressed", "noted", "explained", "announced", "acknowledged")
HEDGES = ("may", "might", "could", "possibly", "appears to", "is likely to",
          "seems to", "probably")
CLAIMS = ("{t} will cost more than planned", "{t} is overdue",
          "the government has no plan for {t}", "{t} would help thousands of families",
          "{t} was rushed through without a vote", "{t} {h} be delayed until next year",
          "nobody had been consulted about {t}", "{t} {h} fail without more money",
          "the figures on {t} were wrong", "{t} is the right decision for the region")
NARRATIVE = ("The meeting lasted almost three hours and ended without an agreement.",
             "Traffic in the city centre was slow for most of the morning.",
             "Dozens of residents gathered outside the building on {d}.",
             "The vote is expected before the end of the month.",
             "Figures published last week showed a rise of {n} percent.",
             "A second session has been scheduled for {d}.",
             "The report runs to {n} pages and includes several annexes.",
             "Shares in the company fell {n} percent in early trading.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _claim(rng: random.Random) -> str:
    return rng.choice(CLAIMS).format(t=rng.choice(TOPICS), h=rng.choice(HEDGES))


def _sentence(rng: random.Random, last: str | None) -> tuple[str, str | None]:
    r = rng.random()
    who = rng.choice(PEOPLE)
    if r < 0.18:
        return f"“{_claim(rng).capitalize()},” {who} {rng.choice(VERBS)}.", who
    if r < 0.34:
        return f"{who}, {rng.choice(ROLES)}, {rng.choice(VERBS)} that {_claim(rng)}.", who
    if r < 0.44:
        return f"According to {rng.choice(ORGS)}, {_claim(rng)}.", None
    if r < 0.54 and last:
        pron = rng.choice(("He", "She"))
        return f"{pron} {rng.choice(VERBS)} that {_claim(rng)}.", last
    if r < 0.62:
        return (f"{rng.choice(TITLES)} {who.split()[1]} {rng.choice(VERBS)} the plan was "
                f"“{_claim(rng)}” and called for a review.", who)
    if r < 0.68:
        role = rng.choice(ROLES)
        return f"“{_claim(rng).capitalize()},” {role} {rng.choice(VERBS)}. “We will see.”", last
    return (rng.choice(NARRATIVE).format(d=rng.choice(DAYS), n=rng.randint(2, 90)), last)


def article(rng: random.Random, mean_words: int = 500) -> str:
    """One article of about ``mean_words`` words (log-normal lengths, 60 to 4,000)."""
    target = int(min(4000, max(60, rng.lognormvariate(0, 0.5) * mean_words * 0.9)))
    paras, words, last = [], 0, None
    head = f"{rng.choice(ORGS).capitalize()} faces questions over {rng.choice(TOPICS)}"
    paras.append(head)
    while words < target:
        para = []
        for _ in range(rng.randint(1, 4)):
            s, last = _sentence(rng, last)
            para.append(s)
            words += s.count(" ") + 1
        paras.append(" ".join(para))
    return "\n\n".join(paras)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mean-words", type=int, default=500)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for i in range(args.n):
            fh.write(json.dumps({"id": f"gen-{i:07d}", "text": article(rng, args.mean_words)},
                                ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
