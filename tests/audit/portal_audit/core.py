"""What every gate shares: its result, the one summary line it prints, and where things live."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

AUDIT_DIR = Path(__file__).resolve().parent.parent
PROJECT = AUDIT_DIR.parent.parent
NODE_MODULES = AUDIT_DIR / "node_modules"
#: How many problems a gate lists before "… and N more": enough to act on, short in a CI log.
SHOWN_PROBLEMS = 25


class MissingTool(RuntimeError):
    """A program the gate needs is not installed; the message says how to install it."""


@dataclass
class GateResult:
    """One gate's verdict: `figure` is the number the summary line reports."""

    name: str
    passed: bool
    figure: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The gate's one summary line, e.g. `html       PASS  0 errors in 64 pages`."""
        verdict = "PASS" if self.passed else "FAIL"
        return f"{self.name:<10} {verdict}  {self.figure}"

    def report(self) -> str:
        """Notes and problems first (the summary line stays last in the log), then the summary."""
        lines = [f"  · {note}" for note in self.notes]
        lines += [f"  {problem}" for problem in self.problems[:SHOWN_PROBLEMS]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(self.problems) - SHOWN_PROBLEMS} more")
        return "\n".join([*lines, self.summary()])
