"""Domain errors: each carries a message the person who caused it can act on."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `str(error)` is shown to the user as it is."""


class NotAllowed(DomainError):
    pass


class NotFound(DomainError):
    pass


class BadRequest(DomainError):
    """A button value or form carried something the bot never put there (damaged or forged)."""

    def __init__(
        self, message: str = "This button or form is out of date or damaged: open it again from its latest message."
    ):
        super().__init__(message)


class Conflict(DomainError):
    """The thing changed under the user (e.g. already decided by someone else)."""


class FormErrors(DomainError):
    """Bad input in a modal: {input block_id: message}, answered inline on each field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))
