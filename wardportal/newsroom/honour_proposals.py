"""An editor's change to the honour roll, waiting for an approver ("Chờ duyệt").

The roll has no draft state (its folder is what the next build publishes), so an editor's
save is kept beside it: the file's new bytes and a small JSON note (which file, the version
it was made from, the files it removes, who, why) in `content/.portal/cho-duyet/`, a folder
the build never reads, committed by the editor like any save. "Duyệt và đăng" writes the
change into the roll, if the files are still the versions it was made from and the whole roll
still passes the check, and removes the proposal, in one commit by the approver; "Trả lại"
removes it with the approver's comment in the commit message.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from wardportal.build_errors import ContentError

from .atomic_file import write_bytes_atomically
from .forms import Refused
from .honour_roll import Change, HonourRoll

FOLDER = Path(".portal") / "cho-duyet"
_ID = re.compile(r"^[a-z0-9]{12}$")
CHANGED_SINCE = (
    "Tệp bảng vàng đã được sửa sau khi đề xuất này được gửi, nên không duyệt được (duyệt sẽ"
    " xoá mất thay đổi mới). Hãy trả lại để người gửi làm lại trên bản mới."
)
GONE = "Không còn đề xuất này (đã được duyệt hoặc trả lại)."


@dataclass(frozen=True)
class Proposal:
    """A change waiting: the target file (by its name in the honour folder) and its bytes."""

    id: str
    author: str
    time: float
    message: str
    period: str
    target: str
    base: str
    removes: dict[str, str]
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.target).suffix.lower()


class Proposals:
    """The proposals of the roll, each two files in the content's `.portal/cho-duyet/`."""

    def __init__(self, content: Path, roll: HonourRoll) -> None:
        self.folder = content.resolve() / FOLDER
        self.roll = roll

    def _paths(self, proposal_id: str, suffix: str) -> tuple[Path, Path]:
        return self.folder / f"{proposal_id}.json", self.folder / f"{proposal_id}{suffix}"

    def all(self) -> list[Proposal]:
        """Every proposal, oldest first."""
        found = []
        for note in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                found.append(self.get(note.stem))
            except Refused:
                continue
        return sorted(found, key=lambda proposal: proposal.time)

    def get(self, proposal_id: object) -> Proposal:
        """The proposal with this id (checked: an id is never a path), or a 404."""
        if not isinstance(proposal_id, str) or not _ID.match(proposal_id):
            raise Refused(404, GONE)
        try:
            about = json.loads((self.folder / f"{proposal_id}.json").read_text(encoding="utf-8"))
            suffix = Path(about["target"]).suffix.lower()
            data = self._paths(proposal_id, suffix)[1].read_bytes()
        except (OSError, ValueError, KeyError):
            raise Refused(404, GONE) from None
        return Proposal(
            proposal_id,
            about["author"],
            about["time"],
            about["message"],
            about["period"],
            about["target"],
            about["base"],
            about.get("removes", {}),
            data,
        )

    def add(self, changes: list[Change], author: str, message: str, period: str) -> Proposal:
        """Keep `changes` (the first writes a file, the others remove files) as a proposal
        made from the files' versions now, committed by `author`."""
        target, *removed = changes
        proposal_id = secrets.token_hex(6)
        about = {
            "author": author,
            "time": self.roll.clock(),
            "message": message,
            "period": period,
            "target": self._name(target.path),
            "base": self.roll.version(target.path),
            "removes": {self._name(c.path): self.roll.version(c.path) for c in removed},
        }
        note, data = self._paths(proposal_id, target.path.suffix.lower())
        write_bytes_atomically(data, target.data or b"")
        write_bytes_atomically(note, json.dumps(about, ensure_ascii=False, indent=1).encode())
        self.roll.history.commit(note, author, f"Gửi duyệt: {message}", self.roll.clock(), (data,))
        return self.get(proposal_id)

    def _name(self, path: Path) -> str:
        return path.relative_to(self.roll.folder).as_posix()

    def changes_of(self, proposal: Proposal) -> list[Change]:
        """The changes to make, if every file is still the version the proposal was made
        from (a 409 otherwise: approving would undo the newer change)."""
        target = self.roll.folder / proposal.target
        changes = [Change(target, proposal.data)]
        if self.roll.version(target) != proposal.base:
            raise Refused(409, CHANGED_SINCE)
        for name, version in proposal.removes.items():
            path = self.roll.folder / name
            if self.roll.version(path) != version:
                raise Refused(409, CHANGED_SINCE)
            changes.append(Change(path, None))
        return changes

    def _closing(self, proposal: Proposal) -> list[Change]:
        return [Change(path, None) for path in self._paths(proposal.id, proposal.suffix)]

    def approve(
        self, proposal: Proposal, approver: str, errors_of
    ) -> tuple[list[Change], list[ContentError]]:
        """Under the roll's lock: check (`errors_of(changes)` lists what the change would
        break), then write the change and remove the proposal in one commit."""
        with self.roll.lock:
            changes = self.changes_of(self.get(proposal.id))
            errors = errors_of(changes)
            if errors:
                return changes, errors
            message = f"Duyệt và đăng: {proposal.message} (do {proposal.author} gửi)"
            self.roll.write([*changes, *self._closing(proposal)], approver, message)
        return changes, []

    def send_back(self, proposal: Proposal, approver: str, note: str) -> None:
        """Remove the proposal; the comment is in the commit's subject, which the roll's
        page shows its author (`returned`)."""
        with self.roll.lock:
            self.get(proposal.id)
            message = f"Trả lại: {proposal.message} (do {proposal.author} gửi). Nhận xét: {note}"
            self.roll.write(self._closing(proposal), approver, message)

    def returned(self, count: int = 5):
        """The latest "Trả lại" commits (with the approver's comment), newest first."""
        versions = self.roll.history.versions(self.folder)
        return [version for version in versions if version.message.startswith("Trả lại:")][:count]
