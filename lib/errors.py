"""The project's exceptions, each carrying the Dutch sentence the user sees (never a traceback, never a secret)."""
from __future__ import annotations


class FlatcoachError(Exception):
    """Base class: `message` is Dutch and safe to show to any user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SourceError(FlatcoachError):
    """The source cannot be read at all (missing file, missing tab or header, bad setting)."""


class MissingTabError(SourceError):
    """A tab the dashboard cannot do without (Rondes, Meldingen) is missing."""


class MissingHeaderError(SourceError):
    """A required column is missing from a form tab."""


class SheetAccessError(SourceError):
    """Google refuses: the sheet is not shared with the service account (403)."""


class SheetNotFoundError(SourceError):
    """Google does not know the sheet key (404)."""


class SheetUnavailableError(SourceError):
    """A passing fault that outlasted the retries (429, 5xx, time-out, dropped connection)."""


class WriteError(FlatcoachError):
    """A submission or an edit could not be saved; what was typed must be kept."""


class ValidationError(FlatcoachError):
    """An intake submission breaks a rule; `errors` maps field key to the Dutch message next to that field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Niet opgeslagen: " + "; ".join(errors.values()))
        self.errors = errors
