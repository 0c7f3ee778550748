"""The two documented error types: bad scenarios (CheckError) and bad rules files (RulesError)."""

from __future__ import annotations


class CheckError(ValueError):
    """A scenario the checker cannot answer because the input is invalid.

    Carries a machine-readable ``code``, the ``field`` at fault (dotted path) and a Chinese ``message``.
    """

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.code = code
        self.field = field
        self.message = message

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "field": self.field, "message": self.message}}


class RulesError(ValueError):
    """The rules data is invalid; ``problems`` are one-line 'file: field: problem' messages."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
