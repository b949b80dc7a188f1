"""Typed errors: every failure the library reports is one of these."""


class StanceError(Exception):
    """Base class of every error raised by ``stance``."""


class InputError(StanceError, TypeError):
    """The input is not something the library can analyze (wrong type, empty, too large)."""


class TargetError(StanceError, ValueError):
    """A stance target is not a non-empty string."""


class SchemaError(StanceError, ValueError):
    """A document or statement dictionary does not follow the ANNOTATION.md schema."""


class ModelError(StanceError):
    """A model folder is missing, incompatible, or fails its integrity check."""


class UntrustedModelError(ModelError):
    """A model file's hash does not match its card, or the folder is not trusted."""


class DataError(StanceError, ValueError):
    """A bulk input file or record cannot be read."""
