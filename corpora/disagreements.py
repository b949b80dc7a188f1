"""List every disagreement between the first (corpora/sources) and second (corpora/second)
annotation, with the matching of `stance corpus agreement` (stance.scoring).

Usage: python corpora/disagreements.py [out.json]; prints the counts by kind."""
import collections
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from stance.corpus import resolve_article
from stance.scoring import Tokens, prep_item, greedy_match, canonical_right, cue_right, mention_right
C = Path(os.environ.get('CORP', Path(__file__).resolve().parent))
out = []
for sp in sorted((C / 'second').glob('*.ann.json')):
    sec = json.loads(sp.read_text()); did = sec['id']
    text = open(C / 'sources' / f'{did}.txt', encoding='utf-8', newline='').read()
    first = resolve_article(text, json.loads((C / 'sources' / f'{did}.ann.json').read_text()))
    second = resolve_article(text, sec)
    shared = [t for t in first['targets'] if t in second['targets']]
    toks = Tokens(text)
    g = [prep_item(x, toks, True) for x in first['statements']]
    p = [prep_item(x, toks, False) for x in second['statements']]
    pairs = greedy_match(g, p, range(len(g)), range(len(p)), lambda f, a, b: f >= 0.5)
    mg = {a for a, b in pairs}; mp = {b for a, b in pairs}
    def rec(kind, fs=None, ss=None, detail=''):
        out.append({'id': did, 'kind': kind, 'first': fs and {k: fs[k] for k in ('text', 'kind', 'cue', 'speaker_mention', 'speaker', 'speaker_type', 'hedging', 'hedge_cues', 'stance')},
                    'second': ss and {k: ss[k] for k in ('text', 'kind', 'cue', 'speaker_mention', 'speaker', 'speaker_type', 'hedging', 'hedge_cues', 'stance')}, 'detail': detail})
    for i, st in enumerate(first['statements']):
        if i not in mg: rec('only_first', st)
    for j, st in enumerate(second['statements']):
        if j not in mp: rec('only_second', None, st)
    for a, b in pairs:
        fs, ss = first['statements'][a], second['statements'][b]
        if g[a]['tokens'] != p[b]['tokens']: rec('extent', fs, ss)
        if fs['kind'] != ss['kind']: rec('kind', fs, ss)
        if not canonical_right(g[a], p[b]): rec('speaker', fs, ss)
        elif fs['speaker_type'] != ss['speaker_type']: rec('speaker_type', fs, ss)
        if not cue_right(g[a], p[b]): rec('cue', fs, ss)
        if not mention_right(g[a], p[b]): rec('mention', fs, ss)
        if fs['hedging'] != ss['hedging']: rec('hedging', fs, ss)
        else:
            fc = sorted((h[0], h[2]) for h in fs['hedge_cues']); sc = sorted((h[0], h[2]) for h in ss['hedge_cues'])
            if len(fc) != len(sc) or any(not (x[1] == y[1] and abs(x[0]-y[0]) < 30) for x, y in zip(fc, sc)):
                rec('hedge_cues', fs, ss)
        for t in shared:
            if fs['stance'][t] != ss['stance'].get(t): rec('stance', fs, ss, f"{t}: {fs['stance'][t]} vs {ss['stance'].get(t)}")
if __name__ == '__main__':
    json.dump(out, open(sys.argv[1] if len(sys.argv) > 1 else 'disagreements.json', 'w'), ensure_ascii=False, indent=1)
    print(collections.Counter(d['kind'] for d in out))
