"""The user's time zone: every page shows times in it, and settings change it.

Days already roll over at the zone's midnight in study and progress; tests and
answers printed UTC, so the same activity showed on two different days. The
``localtime`` filter reads the signed-in user's zone once per request; the
zone defaults to the browser's at registration (static/js/timezone.js fills a
hidden field) and is changed from the settings page.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import available_timezones

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from quizapp.clock import zone
from quizapp.enums import DEFAULT_TIMEZONE
from quizapp.extensions import db
from quizapp.models import StudySettings

bp = Blueprint("zones", __name__)

# Browsers report ICU's ids, and for some zones ICU keeps a name IANA has since replaced: Chromium in India
# says "Asia/Calcutta". Both are valid zones; the current name is the one stored and shown.
RENAMED = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Katmandu": "Asia/Kathmandu", "Asia/Rangoon": "Asia/Yangon",
    "Asia/Saigon": "Asia/Ho_Chi_Minh", "Europe/Kiev": "Europe/Kyiv", "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Godthab": "America/Nuuk", "Africa/Asmera": "Africa/Asmara", "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Ponape": "Pacific/Pohnpei", "Pacific/Enderbury": "Pacific/Kanton",
}


def current_name(name: str) -> str:
    return RENAMED.get(name, name)


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    """IANA zones people live in (not the "posix/" and "right/" copies), sorted."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith(("posix/", "right/", "Etc/"))
                        or z == "UTC"))


def valid_zone(name: str | None) -> bool:
    return bool(name) and name in all_zones()


def user_zone_name() -> str:
    if "user_zone" not in g:
        name = None
        if current_user and current_user.is_authenticated:
            row = db.session.get(StudySettings, int(current_user.id))
            name = row.timezone if row else None
        g.user_zone = current_name(name or DEFAULT_TIMEZONE)
    return g.user_zone


def localtime(value: dt.datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A stored (UTC) time in the user's zone, with the zone's abbreviation ("02 Dec 2026 14:05 IST")."""
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(zone(user_zone_name()))
    return f"{local.strftime(fmt)} {local.tzname()}"


def set_zone(user_id: int, name: str) -> None:
    row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id)
    row.timezone = current_name(name)
    db.session.add(row)


@bp.app_template_filter("localtime")
def _localtime_filter(value, fmt: str = "%d %b %Y %H:%M") -> str:
    return localtime(value, fmt)


@bp.app_context_processor
def _zones():
    return {"all_zones": all_zones, "user_zone_name": user_zone_name}


@bp.post("/settings/timezone")
@login_required
def change():
    name = (request.form.get("timezone") or "").strip()
    if not valid_zone(name):
        flash(f"Unknown time zone {name[:64]!r}: choose one from the list.", "error")
        return redirect(url_for("study.settings"))
    set_zone(int(current_user.id), name)
    db.session.commit()
    flash(f"Times now show in {current_name(name)}; your study day starts at midnight there.", "success")
    return redirect(url_for("study.settings"))
