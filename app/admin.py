"""The administrators' page of accounts: find one, suspend it or let it log in again."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import accounts as account_queries

from .accounts.service import set_suspended
from .audit import audited
from .extensions import store
from .i18n import safe_next
from .permissions import may
from .validators import page_number

bp = Blueprint("admin", __name__)
PER_PAGE = 50
STATUSES = ("", "active", "suspended")


@bp.get("/admin/accounts")
@login_required
def accounts():
    """Accounts by name, filtered by a part of the name or address and by status, paginated."""
    if not may(current_user, "admin.console"):
        abort(403)
    q = (request.args.get("q") or "").strip()[:200]
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    page = page_number()
    rows, total = account_queries.account_list(store(), q.lower(), status, (page - 1) * PER_PAGE, PER_PAGE)
    audited("accounts.list", q, f"status {status or 'any'}, page {page}")
    return render_template(
        "admin/accounts.html",
        rows=rows,
        total=total,
        q=q,
        status=status,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
    )


@bp.post("/admin/accounts/<member_id>/status")
@login_required
def set_status(member_id: str):
    """``action=suspend`` (the account can no longer log in, its sessions end) or ``action=restore``."""
    if not may(current_user, "admin.console"):
        abort(403)
    action = request.form.get("action")
    back = safe_next(request.form.get("next"), url_for("admin.accounts"))
    if action not in ("suspend", "restore"):
        abort(400)
    if member_id == current_user.id:
        flash(_("You cannot suspend your own account."), "error")
        return redirect(back)
    account = account_queries.member_by_id(store(), member_id) if len(member_id) <= 64 else None
    if account is None:
        abort(404)
    set_suspended(store(), member_id, action == "suspend")
    audited("accounts." + action, member_id, account["display_name"])
    if action == "suspend":
        flash(_("%(name)s is suspended: they can no longer log in.", name=account["display_name"]), "success")
    else:
        flash(_("%(name)s can log in again.", name=account["display_name"]), "success")
    return redirect(back)


def init_app(app) -> None:
    """Register the page."""
    app.register_blueprint(bp)
