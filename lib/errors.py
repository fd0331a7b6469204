"""The project's exceptions, each carrying the Dutch sentence the user sees (never a traceback, never a secret).

Two sentences where it matters: `message` is plain and safe for every role; `detail` adds the technical identifiers a
coordinator needs to fix it (the service account's e-mail, the first characters of the sheet key, a console link) and
is shown to the coordinator only (issue #16.3). Without a detail, the message is all there is.
"""
from __future__ import annotations


class FlatcoachError(Exception):
    """Base class: `message` is Dutch and safe to show to any user; `detail` is for the coordinator."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def text(self, coordinator: bool) -> str:
        """The sentence to show: the detail for the coordinator (when there is one), else the plain message."""
        return self.detail if coordinator and self.detail else self.message


class SourceError(FlatcoachError):
    """The source cannot be read at all (missing file, missing tab or header, bad setting)."""


class MissingTabError(SourceError):
    """A tab the dashboard cannot do without (Rondes, Meldingen) is missing."""


class MissingHeaderError(SourceError):
    """A required column is missing from a form tab."""


class SheetAccessError(SourceError):
    """Google refuses: the sheet is not shared with the service account (403)."""


class SheetApiDisabledError(SheetAccessError):
    """Google refuses because the Sheets API is switched off in the service account's Cloud project (403).

    `link` is the console address from Google's own error message, where the API is switched on ('' if none)."""

    def __init__(self, message: str, detail: str = "", link: str = ""):
        super().__init__(message, detail)
        self.link = link


class KeyRefusedError(SourceError):
    """Google refuses the service account's key itself (deleted, disabled, or from another account)."""


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
