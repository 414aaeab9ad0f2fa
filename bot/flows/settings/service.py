"""The settings in force: the environment's, overridden by what an admin saved in Slack.

The web process reads them through `InForce` (bot.requests.runner): a save applies at once in the worker
that took it and within two seconds in the others; the reminder worker reads them at each run. No
restart. Saving needs an admin (read from the settings in force, never the payload), keeps at least one
admin, refuses a save made on an older version (two admins at once: the second is told to reopen), and
records each changed field: who, when, old → new.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from time import monotonic

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from bot.config import WEEKDAYS, Settings
from bot.errors import Conflict, FormErrors
from bot.flows.access import check_admin
from bot.flows.settings import ids
from bot.flows.settings.forms import LAST_ADMIN, SettingsForm, holiday_countries
from bot.models import SettingChange, Workspace, WorkspaceSettings
from bot.tenancy import GUC, KEY

log = logging.getLogger(__name__)

HISTORY = 10  # changes listed in the modal
STALE = "Someone saved the settings while you had them open; close this and open Settings again."


def saved(session: Session) -> WorkspaceSettings | None:
    """The session's workspace's saved settings (bot.tenancy scopes the query)."""
    return session.scalar(select(WorkspaceSettings))


def starting_point(session: Session, base: Settings) -> Settings:
    """What applies before an admin saves anything. Single-token mode: the environment's settings. OAuth mode:
    the environment's times and holidays, no channels (the environment's name one workspace's), and the person
    who installed the bot as the workspace's admin."""
    if not base.oauth:
        return base
    installed = session.scalar(select(Workspace))
    return replace(
        base,
        hiring_channel=None,
        onboarding_channel=None,
        bot_admins=frozenset({installed.installed_by} if installed else ()),
    )


def apply(base: Settings, row: WorkspaceSettings | None) -> Settings:
    if row is None:
        return base
    return replace(
        base,
        hiring_channel=row.hiring_channel,
        onboarding_channel=row.onboarding_channel,
        bot_admins=frozenset(row.admins),
        holiday_country=row.holiday_country,
        holiday_subdivision=row.holiday_subdivision,
        work_start=row.work_start,
        work_end=row.work_end,
        digest_weekday=row.digest_weekday,
        digest_time=row.digest_time,
    )


def effective(session: Session, base: Settings) -> Settings:
    return apply(starting_point(session, base), saved(session))


class InForce:
    """The settings in force for one web process. At most every FRESH seconds the saved row's version is read
    (one indexed integer, no ORM) and, only when it moved, the row itself; in between, requests use what was
    read. A save applies at once in the process that took it (its listener calls `forget`, and the next
    request reads) and within FRESH seconds and one read in every other worker; the worker (bot.worker)
    reads them at each run.

    Given `later` (something that runs a function on another thread), a request that finds them older than
    FRESH seconds goes on with what was read and hands one read to `later`: no request waits on the
    database for them, except the first in a workspace and the first after a save here. Without it the
    request reads them itself.

    Decision: the version was read on every request, which cost a /ml-req about a fifth of its CPU under
    load (bench/front_door_bench.py); then every two seconds on the request that found it due, which on
    PostgreSQL (a pooled connection, the workspace setting, the read: several round trips) was the slowest
    hundredth of /ml-req's acknowledgements. A setting is changed a few times a year."""

    FRESH = 2.0  # seconds

    def __init__(self, base: Settings, clock=monotonic, later: Callable[[Callable[[], None]], object] | None = None):
        self.base = base
        self.clock = clock
        self.later = later
        self._known: dict[str, tuple[int, Settings, float]] = {}  # by workspace
        self._reading: set[str] = set()  # workspaces whose read `later` has not finished
        self._saves: dict[str, int] = {}  # saves in this process, by workspace: a read begun before one is not kept
        self._lock = threading.Lock()

    def read(self, factory: sessionmaker[Session], actor: str | None = None) -> Settings:
        """The settings in force in the workspace `factory` is scoped to.

        Granting a right may lag by FRESH seconds; taking one away must not: when what is known makes `actor` an
        admin, the saved version is read now (one small query, for admins' requests only), so an admin removed
        in Settings, in any process, is refused from that moment."""
        key = factory.kw["info"][KEY]
        _, known, checked = self._known.get(key, (0, self.base, float("-inf")))
        if actor is not None and actor in known.bot_admins:
            return self._read(factory, key)
        if self.clock() - checked < self.FRESH:
            return known
        if self.later is None or checked == float("-inf"):
            return self._read(factory, key)
        with self._lock:
            if key in self._reading:
                return known
            self._reading.add(key)
            saves = self._saves.get(key, 0)
        self.later(lambda: self._read_later(factory, key, saves))
        return known

    def _read_later(self, factory: sessionmaker[Session], key: str, saves: int) -> None:
        try:
            self._read(factory, key, saves=saves)
        except Exception as exc:  # what was read stays in force; the next due request tries again
            log.warning("could not read the saved settings", extra={"error": type(exc).__name__})
        finally:
            with self._lock:
                self._reading.discard(key)

    def _read(self, factory: sessionmaker[Session], key: str, saves: int | None = None) -> Settings:
        known_version, known, checked = self._known.get(key, (0, self.base, float("-inf")))
        now = self.clock()
        with factory.kw["bind"].begin() as connection:  # a pooled connection: no ORM, no compiling
            if connection.dialect.name == "postgresql":  # row-level security reads the workspace from here
                connection.execute(text(f"SELECT set_config('{GUC}', :key, true)"), {"key": key})
            version = connection.execute(text(VERSION_SQL), {"key": key}).scalar() or 0
        if version != known_version or checked == float("-inf"):
            with factory() as session:
                known = effective(session, self.base)
        if saves is None or saves == self._saves.get(key, 0):  # not kept if this process saved since it began
            self._known[key] = (version, known, now)  # one tuple swapped at once: threads read either, never half
        return known

    def forget(self, key: str) -> None:
        """Read workspace `key`'s saved settings again on the next request (this process just saved them)."""
        with self._lock:
            self._saves[key] = self._saves.get(key, 0) + 1
        if key in self._known:
            version, known, _ = self._known[key]
            self._known[key] = (version, known, float("-inf"))


VERSION_SQL = f"SELECT version FROM {WorkspaceSettings.__tablename__} WHERE workspace = :key"


def load(factory: sessionmaker[Session], base: Settings) -> Settings:
    with factory() as s:
        return effective(s, base)


def version(session: Session) -> int:
    row = saved(session)
    return row.version if row else 0


def shown(settings: Settings) -> dict[str, str]:
    """Each setting as people read it, for the change record and the modal's history."""
    countries = holiday_countries()
    holiday = "none"
    if settings.holiday_country:
        holiday = countries.get(settings.holiday_country, settings.holiday_country)
        holiday += f" ({settings.holiday_subdivision})" if settings.holiday_subdivision else ""
    return {
        "hiring channel": f"<#{settings.hiring_channel}>" if settings.hiring_channel else "none",
        "onboarding channel": f"<#{settings.onboarding_channel}>" if settings.onboarding_channel else "none",
        "admins": ", ".join(f"<@{a}>" for a in sorted(settings.bot_admins)) or "none",
        "public holidays": holiday,
        "working hours": f"{settings.work_start:%H:%M}–{settings.work_end:%H:%M}",
        "weekly digest": f"{WEEKDAYS[settings.digest_weekday].title()} {settings.digest_time:%H:%M}",
    }


def as_settings(base: Settings, form: SettingsForm) -> Settings:
    country = None if form.holiday_country == ids.NO_HOLIDAYS else form.holiday_country
    return replace(
        base,
        hiring_channel=form.hiring_channel,
        onboarding_channel=form.onboarding_channel,
        bot_admins=frozenset(form.admins),
        holiday_country=country,
        holiday_subdivision=form.holiday_region if country else None,
        work_start=form.work_start,
        work_end=form.work_end,
        digest_weekday=form.digest_day,
        digest_time=form.digest_time,
    )


@dataclass(frozen=True)
class Problems:
    """What Slack said of the people and channels the form names (the caller asks it): each a reason, or None."""

    admins: str | None = None
    hiring_channel: str | None = None
    onboarding_channel: str | None = None

    def errors(self) -> dict[str, str]:
        found = {ids.ADMINS: self.admins, ids.HIRING_CHANNEL: self.hiring_channel}
        found[ids.ONBOARDING_CHANNEL] = self.onboarding_channel
        return {block: why for block, why in found.items() if why}


def save(
    session: Session,
    base: Settings,
    actor: str,
    form: SettingsForm,
    opened_on: int,
    now: datetime,
    problems: Problems | None = None,
) -> int:
    """Store the form's settings; returns how many changed. `base` is the environment's settings. Settings
    name what exists: admins who are active people, channels the bot is a member of (`problems`)."""
    current = effective(session, base)
    check_admin(actor, current.bot_admins, "settings")
    if not form.admins:
        raise FormErrors({ids.ADMINS: LAST_ADMIN})
    if problems and (errors := problems.errors()):
        raise FormErrors(errors)
    if version(session) != opened_on:
        raise Conflict(STALE)
    new = as_settings(base, form)
    before, after = shown(current), shown(new)
    changed = [name for name in after if before[name] != after[name]]
    if not changed:
        return 0
    values = dict(
        hiring_channel=new.hiring_channel,
        onboarding_channel=new.onboarding_channel,
        admins=sorted(new.bot_admins),
        holiday_country=new.holiday_country,
        holiday_subdivision=new.holiday_subdivision,
        work_start=new.work_start,
        work_end=new.work_end,
        digest_weekday=new.digest_weekday,
        digest_time=new.digest_time,
        updated_by=actor,
        updated_at=now,
    )
    if opened_on == 0:  # the first save: a concurrent first save fails on the primary key (answered as a conflict)
        session.add(WorkspaceSettings(version=1, **values))
        session.flush()
    else:
        done = session.execute(
            update(WorkspaceSettings)
            .where(WorkspaceSettings.version == opened_on)
            .values(version=opened_on + 1, **values)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            raise Conflict(STALE)
    session.add_all(
        SettingChange(changed_by=actor, changed_at=now, field=name, old=before[name], new=after[name])
        for name in changed
    )
    return len(changed)


def history(session: Session, limit: int = HISTORY) -> list[SettingChange]:
    return list(session.scalars(select(SettingChange).order_by(SettingChange.id.desc()).limit(limit)))
