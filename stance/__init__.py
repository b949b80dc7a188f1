"""stance: who said what in news articles, how it is reported, hedged, and which side it takes.

>>> import stance
>>> article = stance.analyze(text, targets=["Syrian government"])
>>> for st in article:
...     print(st.speaker.name, st.cue.text if st.cue else None, st.text)
"""
from .document import Article, HedgeCue, Span, Speaker, StanceLabel, Statement
from .errors import (DataError, InputError, ModelError, SchemaError, StanceError,
                     TargetError, UntrustedModelError)
from .bulk import score_dataset, score_file
from .pipeline import Analyzer, analyze

__version__ = "0.1.0"

__all__ = [
    "Analyzer", "Article", "DataError", "HedgeCue", "InputError", "ModelError",
    "SchemaError", "Span", "Speaker", "StanceError", "StanceLabel", "Statement",
    "TargetError", "UntrustedModelError", "analyze", "score_dataset", "score_file",
    "__version__",
]
