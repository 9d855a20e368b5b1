"""Reviewing an editor's change to the honour roll: what it changes, "Duyệt và đăng", "Trả lại"."""

from __future__ import annotations

import difflib

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from wardportal.build_errors import ContentError

from .forms import Refused
from .guard import Visit
from .honour_proposals import Proposal
from .honour_roll import Change
from .honour_views import new_errors
from .rendering import base, render
from .roles import allows

TEXT_SUFFIXES = (".yaml", ".yml", ".csv")


def _field(visit: Visit, name: str) -> str:
    value = visit.form.get(name, "") if visit.form else visit.request.query_params.get(name, "")
    return value if isinstance(value, str) else ""


class HonourReviewViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    @property
    def roll(self):
        return self.newsroom.honours

    @property
    def proposals(self):
        return self.newsroom.honour_proposals

    def _errors_of(self, changes: list[Change]) -> list[ContentError]:
        return new_errors(self.roll.check()[1], self.roll.check(changes)[1])

    def _review(self, proposal: Proposal) -> dict:
        """What the approver reads: the change as a diff (text files) or the entries it
        brings (Excel), and whether it can be approved now."""
        target = self.roll.folder / proposal.target
        try:
            changes = self.proposals.changes_of(proposal)
            stale = ""
        except Refused as refused:
            changes, stale = [Change(target, proposal.data)], refused.message
        entries, after = self.roll.check(changes)
        errors = new_errors(self.roll.check()[1], after)
        diff = ""
        if proposal.suffix in TEXT_SUFFIXES:
            old = target.read_bytes().decode("utf-8-sig", "replace") if target.is_file() else ""
            new = proposal.data.decode("utf-8-sig", "replace")
            diff = "".join(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    f"a/{proposal.target}",
                    f"b/{proposal.target}",
                )
            )
        shown = self.roll.config.shown(target)
        mine = [entry for entry in entries if entry.place.path == shown]
        return {
            "proposal": proposal,
            "diff": diff,
            "entries": mine,
            "errors": errors,
            "stale": stale,
        }

    async def show(self, visit: Visit) -> Response:
        proposal = self.proposals.get(visit.request.query_params.get("ma"))
        context = await run_in_threadpool(self._review, proposal)
        context["can_approve"] = allows(visit.session.account.role, "approve")
        return render(visit.request, "honour_review.html", context)

    async def approve(self, visit: Visit) -> Response:
        """Write the change into the roll and publish it; refused if the files changed since
        it was sent (409) or the roll would not build (422, with the errors)."""
        proposal = self.proposals.get(_field(visit, "ma"))
        account = visit.session.account.name
        changes, errors = await run_in_threadpool(
            self.proposals.approve, proposal, account, self._errors_of
        )
        if errors:
            context = await run_in_threadpool(self._review, proposal)
            context["can_approve"] = True
            return render(visit.request, "honour_review.html", context, 422)
        self._record(visit, "honour_approve", proposal)
        self.newsroom.publisher.request(account)
        self._record(visit, "publish", proposal)
        return RedirectResponse(
            f"{base(visit.request)}/bang-vang/?giai-doan={proposal.period}&da-luu=1", 303
        )

    async def send_back(self, visit: Visit) -> Response:
        """Return the change to its author with a comment (kept in the history)."""
        proposal = self.proposals.get(_field(visit, "ma"))
        note = " ".join(_field(visit, "nhan_xet").split())
        if not note:
            raise Refused(400, "Hãy ghi nhận xét để người gửi biết cần sửa gì.")
        if len(note) > 2000:
            raise Refused(413, "Nhận xét dài quá 2000 ký tự.")
        account = visit.session.account.name
        await run_in_threadpool(self.proposals.send_back, proposal, account, note)
        self._record(visit, "honour_return", proposal, note)
        return RedirectResponse(f"{base(visit.request)}/bang-vang/", 303)

    def _record(self, visit: Visit, action: str, proposal: Proposal, detail: str = "") -> None:
        name = f"{proposal.target} ({proposal.id})"
        self.newsroom.audit.record(visit.session.account.name, action, name, detail, visit.address)
