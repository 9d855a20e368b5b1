"""The honour roll pages ("Bảng vàng"): by period, one entry's form, a spreadsheet's upload.

The roll has no draft state: what is in its folder is on the site at the next build, like a
published article. So an approver's (or admin's) save goes into the roll and publishes it,
and an editor's save is kept as a proposal ("Gửi duyệt", honour_proposals) that an approver
reviews (honour_review_views).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from wardportal.build_errors import ContentError
from wardportal.honours.model import Entry
from wardportal.honours.periods import PeriodError, parse_period

from .build_views import build_box
from .forms import Refused
from .guard import Visit, posted
from .honour_form import FIELDS, read_entry_form, values_of_record, vocabularies
from .honour_roll import STALE, YAML, Change
from .honour_upload import formula_cells, spreadsheet_of
from .honour_yaml import FORM_KEYS, append_entry, new_file, replace_entry
from .rendering import base, render
from .roles import allows

IN_SPREADSHEET = (
    "Mục này nằm trong một tệp bảng tính (Excel hoặc CSV). Hãy sửa tệp đó rồi tải lên lại"
    " cho giai đoạn của nó."
)


def _field(visit: Visit, name: str) -> str:
    value = visit.form.get(name, "") if visit.form else visit.request.query_params.get(name, "")
    return value if isinstance(value, str) else ""


def _period(text: str) -> str:
    try:
        return parse_period(text).slug
    except PeriodError as error:
        raise Refused(400, f"Giai đoạn: {error}.") from None


def new_errors(before: list[ContentError], after: list[ContentError]) -> list[ContentError]:
    """The errors a change would add (errors already in other files are listed on the roll's
    page and do not block fixing this one)."""
    known = {str(error) for error in before}
    return [error for error in after if str(error) not in known]


class HonourViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    @property
    def roll(self):
        return self.newsroom.honours

    def _publishes(self, visit: Visit) -> bool:
        return allows(visit.session.account.role, "publish")

    # --- the roll --------------------------------------------------------------------------

    async def show(self, visit: Visit) -> Response:
        """Entries of one period (?giai-doan=2016-2018) or of all, newest period first."""
        listing, errors, _names = await run_in_threadpool(self.roll.listing)
        wanted = visit.request.query_params.get("giai-doan", "")
        return render(
            visit.request,
            "honours.html",
            {
                "periods": [group.period for group, _items in listing],
                "groups": [item for item in listing if not wanted or item[0].period.slug == wanted],
                "wanted": wanted,
                "errors": errors,
                "can_approve": self._publishes(visit),
                **build_box(self.newsroom),
                "saved": visit.request.query_params.get("da-luu") == "1",
                "sent": visit.request.query_params.get("da-gui") == "1",
                "proposals": self.newsroom.honour_proposals.all(),
                "returned": self.newsroom.honour_proposals.returned(),
            },
        )

    async def history(self, visit: Visit) -> Response:
        """A data file's versions: who, when, what; each with what it changed."""
        name = visit.request.query_params.get("tep")
        path = self.roll.file(name)
        versions = await run_in_threadpool(self.roll.history.versions, path)
        wanted = visit.request.query_params.get("ban")
        changes = ""
        if wanted:
            if wanted not in {version.commit for version in versions}:
                raise Refused(404, "Không có phiên bản này.")
            changes = await run_in_threadpool(self.roll.history.changes, wanted, path)
        context = {"name": name, "versions": versions, "changes": changes, "wanted": wanted}
        return render(visit.request, "honour_history.html", context)

    # --- one entry -------------------------------------------------------------------------

    def _form(self, visit: Visit, values: dict, status: int = 200, **context) -> Response:
        listing = self.roll.listing()[0]
        return render(
            visit.request,
            "honour_form.html",
            {
                "values": values,
                "choices": vocabularies(self.roll.config),
                "periods": [group.period for group, _items in listing],
                "fields": FIELDS,
                "errors": [],
                "publishes": self._publishes(visit),
                **context,
            },
            status,
        )

    async def new(self, visit: Visit) -> Response:
        wanted = visit.request.query_params.get("giai-doan", "")
        return await run_in_threadpool(self._form, visit, {"period": wanted}, 200)

    async def edit(self, visit: Visit) -> Response:
        path, line = self._entry_at(visit)
        record = await run_in_threadpool(self.roll.record, path, line)
        values = values_of_record(record, self.roll.config)
        context = {"file": _field(visit, "tep"), "line": line, "version": self.roll.version(path)}
        context["by_history"] = self._by_history(path, line)
        return await run_in_threadpool(self._form, visit, values, 200, **context)

    def _entry_at(self, visit: Visit):
        path = self.roll.file(_field(visit, "tep"))
        if path.suffix.lower() not in YAML:
            raise Refused(409, IN_SPREADSHEET)
        line = _field(visit, "dong")
        if not line.isdigit():
            raise Refused(404, "Không tìm thấy mục này.")
        return path, int(line)

    def _by_history(self, path, line: int) -> bool:
        """Status and level come from the entry's "Quá trình" (history) when it has one and
        writes no status itself: the form leaves them alone then."""
        record = self.roll.record(path, line)
        return "history" in record.values and "status" not in record.values

    async def save(self, visit: Visit) -> Response:
        """Write the entry into its YAML file (or a new entry into its period's), check the
        whole roll with it, and publish; nothing is written if a check fails."""
        values = read_entry_form(posted(visit), self.roll.config)
        place = self._entry_at(visit) if _field(visit, "tep") else None
        if place is None and not values["period"]:
            raise Refused(400, "Hãy chọn hoặc ghi giai đoạn.")
        account = visit.session.account.name
        loaded = _field(visit, "phien_ban")
        publish = self._publishes(visit)
        path, refusal = await run_in_threadpool(
            self._save_entry, values, place, loaded, account, publish
        )
        if refusal is not None:
            status, context = refusal
            if status == 409:
                self._record(visit, "honour_refused_stale", path.name)
            context["file"] = _field(visit, "tep")
            return await run_in_threadpool(self._form, visit, values, status, **context)
        return self._saved(visit, path.name, values["period"], publish)

    def _saved(self, visit: Visit, name: str, period: str, published: bool) -> Response:
        """After a save: the build queued (approver) or the proposal recorded (editor)."""
        if published:
            self._publish(visit, name)
        else:
            self._record(visit, "honour_submit", name)
        query = urlencode({"giai-doan": period, "da-luu" if published else "da-gui": "1"})
        return RedirectResponse(f"{base(visit.request)}/bang-vang/?{query}", 303)

    def _keep(self, changes: list[Change], account: str, message: str, period: str, publish: bool):
        """Into the roll (an approver's save), or kept for an approver (an editor's)."""
        if publish:
            self.roll.write(changes, account, message)
        else:
            self.newsroom.honour_proposals.add(changes, account, message, period)

    def _save_entry(
        self, values: dict[str, str], place, loaded: str, account: str, publish: bool
    ) -> tuple[Path, tuple[int, dict] | None]:
        """Under the roll's lock: the file changed (or the change proposed), or why not (a
        status and the form's context: 409 someone saved meanwhile, 422 the check failed)."""
        with self.roll.lock:
            if place is not None:
                path, line = place
                by_history = self._by_history(path, line)
                context = {"line": line, "by_history": by_history}
                current = self.roll.version(path)
                if current != loaded:
                    return path, (409, {**context, "error": STALE, "version": current})
                # Only what the form changed is rewritten: an unchanged "văn hoá xã hội"
                # keeps the officer's spelling, not the settings'.
                before = values_of_record(self.roll.record(path, line), self.roll.config)
                managed = tuple(
                    key
                    for key in FORM_KEYS
                    if key != "period"
                    and not (by_history and key in ("status", "level"))
                    and values.get(key, "") != before.get(key, "")
                )
                text = replace_entry(_text_of(path), line, values, managed)
                message = f"Bảng vàng: sửa “{values['title']}”"
                values["period"] = values["period"] or self._period_of(path, line)
            else:
                path, named = self.roll.yaml_for(values["period"])
                period = values["period"]
                if path.exists():
                    written = {**values, "period": "" if named else period}
                    text = append_entry(_text_of(path), written)
                else:
                    text = new_file({**values, "period": ""}, self.roll.config.campaign, period)
                message = f"Bảng vàng: thêm “{values['title']}” ({period})"
                context = {"version": ""}
            change = Change(path, text.encode("utf-8"))
            errors = new_errors(self.roll.check()[1], self.roll.check([change])[1])
            if errors:
                return path, (422, {**context, "errors": errors, "version": loaded})
            self._keep([change], account, message, values["period"], publish)
        return path, None

    def _period_of(self, path: Path, line: int) -> str:
        """The period of the entry at `line` of `path`, for the page to go back to."""
        shown = self.roll.config.shown(path)
        for entry in self.roll.check()[0]:
            if entry.place.path == shown and entry.place.line == line:
                return entry.period.slug
        return ""

    # --- a spreadsheet for a period --------------------------------------------------------

    async def upload_form(self, visit: Visit) -> Response:
        listing = await run_in_threadpool(self.roll.listing)
        periods = [group.period for group, _items in listing[0]]
        wanted = visit.request.query_params.get("giai-doan", "")
        return render(visit.request, "honour_upload.html", {"periods": periods, "wanted": wanted})

    def _upload_changes(self, period: str, suffix: str, data: bytes) -> list[Change]:
        """The upload becomes `{period}{suffix}` and replaces the period's other spreadsheets."""
        target = self.roll.folder / f"{period}{suffix}"
        removed = [path for path in self.roll.spreadsheets_of(period) if path != target]
        return [Change(target, data), *(Change(path, None) for path in removed)]

    def _check_upload(
        self, period: str, suffix: str, data: bytes
    ) -> tuple[list[Change], list[Entry], list[ContentError]]:
        changes = self._upload_changes(period, suffix, data)
        shown = self.roll.config.shown(changes[0].path)
        errors = formula_cells(data, suffix, shown)
        if errors:
            return changes, [], errors
        before = self.roll.check()[1]
        entries, after = self.roll.check(changes)
        errors = new_errors(before, after)
        mine = [entry for entry in entries if entry.place.path == shown]
        for entry in mine:
            if entry.period.slug != period:
                errors.append(
                    entry.place.error(
                        f"mục “{entry.title}” thuộc giai đoạn {entry.period.label},"
                        f" không phải {parse_period(period).label}",
                        "Hãy sửa cột “Giai đoạn”, hoặc tải tệp lên cho đúng giai đoạn",
                    )
                )
        return changes, mine, errors

    async def upload(self, visit: Visit) -> Response:
        """Check the file as the build would; show every error with its cell, or what it
        holds and (for an approver) "Lưu và đăng". Nothing is written into the content."""
        period = _period(_field(visit, "giai_doan"))
        data, suffix = await spreadsheet_of(posted(visit), "tep")
        changes, entries, errors = await run_in_threadpool(self._check_upload, period, suffix, data)
        account = visit.session.account.name
        token = ""
        if errors:
            self._record(visit, "honour_upload_refused", f"{period}{suffix}", f"{len(errors)} lỗi")
        else:
            token = self.newsroom.honour_uploads.put(account, period, suffix, data)
        return self._report(visit, period, changes, entries, errors, token)

    async def upload_save(self, visit: Visit) -> Response:
        """Write the checked upload (checked again: the roll may have changed) and publish,
        or, for an editor, keep it for an approver."""
        account = visit.session.account.name
        staged = self.newsroom.honour_uploads.get(_field(visit, "ma"), account)
        publish = self._publishes(visit)
        changes, entries, errors = await run_in_threadpool(self._save_upload, staged, publish)
        if errors:
            return self._report(visit, staged.period, changes, entries, errors, "")
        self.newsroom.honour_uploads.drop(staged.token)
        return self._saved(visit, changes[0].path.name, staged.period, publish)

    def _save_upload(
        self, staged, publish: bool
    ) -> tuple[list[Change], list[Entry], list[ContentError]]:
        with self.roll.lock:
            changes, entries, errors = self._check_upload(staged.period, staged.suffix, staged.data)
            if not errors:
                label = parse_period(staged.period).label
                message = f"Bảng vàng: tải lên giai đoạn {label} ({len(entries)} mục)"
                self._keep(changes, staged.account, message, staged.period, publish)
        return changes, entries, errors

    def _report(self, visit, period, changes, entries, errors, token) -> Response:
        """What an upload holds, or every error with its cell."""
        return render(
            visit.request,
            "honour_report.html",
            {
                "period": parse_period(period),
                "target": self.roll.config.shown(changes[0].path),
                "replaced": [self.roll.config.shown(change.path) for change in changes[1:]],
                "entries": entries,
                "errors": errors,
                "token": token,
                "publishes": self._publishes(visit),
            },
            422 if errors else 200,
        )

    # --- helpers ---------------------------------------------------------------------------

    def _publish(self, visit: Visit, name: str) -> None:
        self._record(visit, "honour_save", name)
        self.newsroom.publisher.request(visit.session.account.name)
        self._record(visit, "publish", name)

    def _record(self, visit: Visit, action: str, name: str, detail: str = "") -> None:
        self.newsroom.audit.record(visit.session.account.name, action, name, detail, visit.address)


def _text_of(path) -> str:
    return path.read_bytes().decode("utf-8-sig")
