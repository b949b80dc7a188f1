"""The Analyzer: text -> candidate statements -> speakers -> hedging -> stance -> Article."""
from __future__ import annotations

from typing import Iterable, Iterator

from . import hedging, modelio, speakers, targets as targets_mod
from .document import Article, HedgeCue, Span, Speaker, StanceLabel, Statement
from .errors import InputError, ModelError
from .statements import TextDoc, find_candidates

DEFAULT_MAX_CHARS = 20_000_000


def check_text(text) -> str:
    """Return ``text`` if the library can analyze it, else raise InputError."""
    if text is None:
        raise InputError("text is None; expected a str")
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise InputError("text is bytes; decode it first (e.g. data.decode('utf-8'))")
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    return text


class Analyzer:
    """Finds every reported statement of an article, with speaker, hedging and stance.

    Parameters
    ----------
    max_chars : int
        Longest text accepted; longer input raises ``InputError`` (default 20 million).
    models_dir : path, optional
        Folder of trained stage models (default: ``$STANCE_MODELS`` or the project's
        ``models/``). A stage without a model there runs its rules.
    trust_models : bool
        Load models that are not the ones shipped with this version of stance. Model
        files are unpickled, which can run code: only trust folders you made yourself.
    use_models : bool
        False runs the rule-based stages only.
    model_stages : iterable of str, optional
        The stages that use their trained model (default ``DEFAULT_MODEL_STAGES``). The
        trained ``statements`` and ``speakers`` stages are opt-in: on real news (the seed
        article, PolNeAR dev) they still score below the rules (see models/*/meta.json).
        The trained ``hedging`` stage is opt-in until its link features stop growing
        faster than linearly with the statements of a document (a 10 MB article does
        not finish in minutes).
    """

    STAGES = ("statements", "speakers", "hedging", "stance")
    DEFAULT_MODEL_STAGES = ("stance",)

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS, models_dir=None,
                 trust_models: bool = False, use_models: bool = True, model_stages=None):
        self.max_chars = max_chars
        # How worker processes of pipe() build the same Analyzer.
        self.config = dict(max_chars=max_chars, models_dir=models_dir and str(models_dir),
                           trust_models=trust_models, use_models=use_models)
        self.models: dict = {}
        wanted = self.DEFAULT_MODEL_STAGES if model_stages is None else tuple(model_stages)
        unknown = set(wanted) - set(self.STAGES)
        if unknown:
            raise ModelError(f"unknown model stage(s) {sorted(unknown)}; "
                             f"choose from {self.STAGES}")
        if use_models:
            for stage in wanted:
                if modelio.has_stage(stage, models_dir):
                    self.models[stage] = modelio.load_stage(stage, models_dir,
                                                            trust=trust_models)

    def __call__(self, text: str, targets=None, id: str | None = None) -> Article:
        return self.analyze(text, targets=targets, id=id)

    def analyze(self, text: str, targets=None, id: str | None = None) -> Article:
        text = check_text(text)
        tgts = targets_mod.check_targets(targets)
        if len(text) > self.max_chars:
            raise InputError(f"text has {len(text):,} characters; the limit is "
                             f"{self.max_chars:,} (Analyzer(max_chars=...))")
        if not text.strip():
            return Article(text=text, targets=tgts, id=id)
        doc = TextDoc(text)
        cands = find_candidates(doc)
        m = self.models
        if "statements" in m:
            cands = m["statements"].select(doc, cands)
        spk = (m["speakers"].resolve(doc, cands) if "speakers" in m
               else speakers.resolve(text, cands))
        lemmas = [c.cue_info.lemma if c.cue_info else None for c in cands]
        if "hedging" in m:
            hedges = m["hedging"].annotate(text, doc, cands, lemmas)
        else:
            hedges = [(lab, cues, None) for lab, cues in
                      hedging.annotate(text, doc.sentences, cands, lemmas)]
        if not tgts:
            stances = [[] for _ in cands]
        elif "stance" in m:
            stances = m["stance"].predict(
                text, [(c.start, c.end, s.name) for c, s in zip(cands, spk)], tgts)
        else:
            stances = [[(lab, {}) for _, lab in targets_mod.stance_labels(
                text[c.start:c.end], s.name, tgts)] for c, s in zip(cands, spk)]
        stmts = []
        for c, s, (hlabel, hcues, hprob), st_labels in zip(cands, spk, hedges, stances):
            content = Span(c.start, c.end, text[c.start:c.end])
            cue = Span(c.cue[0], c.cue[1], text[c.cue[0]:c.cue[1]]) if c.cue else None
            mention = (Span(c.mention[0], c.mention[1], text[c.mention[0]:c.mention[1]])
                       if c.mention else None)
            stance = tuple(StanceLabel(t, lab, probs) for t, (lab, probs) in
                           zip(tgts, st_labels))
            stmts.append(Statement(
                content=content, kind=c.kind, cue=cue,
                speaker=Speaker(mention, s.name, s.type), hedging=hlabel,
                hedge_cues=tuple(HedgeCue(a, b, src, text[a:b]) for a, b, src in hcues),
                hedging_probability=hprob,
                stance=stance, nested=c.nested))
        return Article(text=text, statements=tuple(stmts), targets=tgts, id=id)

    def pipe(self, texts: Iterable, targets=None, batch_size: int = 64, n_jobs: int = 1,
             on_error: str = "raise") -> Iterator[Article]:
        """Analyze a stream of texts (or ``(text, targets)`` pairs); results in order.

        The bulk form of ``analyze``: the same Article for each text. ``n_jobs > 1``
        (``-1``: every core) runs batches of ``batch_size`` texts in that many worker
        processes, each loading the models once; at most ``2 * n_jobs`` batches are in
        flight, so any stream length runs in bounded memory. ``on_error="raise"`` raises
        a text's error when its turn comes; ``"return"`` yields the exception in its
        place and goes on.
        """
        from . import bulk

        if on_error not in ("raise", "return"):
            raise ValueError(f"on_error must be 'raise' or 'return', not {on_error!r}")
        if targets is not None:
            targets = targets_mod.check_targets(targets)

        def pairs():
            for item in texts:
                if isinstance(item, tuple):
                    yield item[0], item[1] if len(item) > 1 else targets
                else:
                    yield item, targets

        for results in bulk.ordered_map(bulk.analyze_batch, bulk.batched(pairs(), batch_size),
                                        analyzer=self, config=self.config,
                                        n_jobs=bulk.resolve_jobs(n_jobs)):
            for res in results:
                if isinstance(res, BaseException) and on_error == "raise":
                    raise res
                yield res


_DEFAULT: Analyzer | None = None


def analyze(text: str, targets=None, id: str | None = None) -> Article:
    """Analyze one article with the default Analyzer."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT.analyze(text, targets=targets, id=id)
