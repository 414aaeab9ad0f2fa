"""Whose data a session may see: every row belongs to one workspace, and every ORM session is scoped to one.

A workspace is an installation of the bot, named by its key:
- in OAuth mode, the team id of a workspace install ("T…"), or the enterprise id of an org-wide Enterprise Grid
  install ("E…"), which serves every workspace of that organisation as one;
- in single-token mode (SLACK_BOT_TOKEN), the one workspace the token belongs to, keyed `SINGLE`.

Scoping is by construction, not by remembering a filter:
- every model that holds a workspace's data inherits `InWorkspace` (a `workspace` column);
- a session carries its key in `session.info["workspace"]` (`scoped(factory, key)`), and the session events
  below add `workspace = key` to every ORM SELECT, UPDATE and DELETE (`with_loader_criteria`) and stamp the
  key on every object it inserts; an object of another workspace cannot be flushed into it;
- a session with no key refuses to run an ORM statement (`Unscoped`), so a forgotten scope fails loudly;
- on PostgreSQL each transaction sets `app.workspace`, and row-level security policies (migration 0015) hold
  every table to the same rule underneath, so even hand-written SQL sees one workspace's rows.
`ALL` is for the operator's own work across workspaces (the reminder worker finding which workspaces have
work, retention, deleting a departed workspace); no request is ever given it.
"""

from __future__ import annotations

import weakref

from sqlalchemy import String, event, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, sessionmaker, with_loader_criteria

KEY = "workspace"  # where a session keeps its workspace key (Session.info)
ALL = "*"  # every workspace: the operator's processes only, never a request
SINGLE = "single"  # the one workspace of single-token mode
GUC = "app.workspace"  # the PostgreSQL setting the row-level security policies read


class Unscoped(RuntimeError):
    """An ORM statement ran in a session that names no workspace."""


class InWorkspace:
    """A model whose rows belong to one workspace (see the module docstring)."""

    @declared_attr
    def workspace(cls) -> Mapped[str]:  # noqa: N805 (SQLAlchemy's declared_attr takes the class)
        return mapped_column(String(32), index=True)


def key_of(session: Session) -> str:
    key = session.info.get(KEY)
    if not isinstance(key, str) or not key:
        raise Unscoped("this session names no workspace: open it with bot.tenancy.scoped(factory, key)")
    return key


def workspace_key(*, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str | None:
    """The key of the installation a request reached: the org for an org-wide install, else the workspace."""
    if is_enterprise_install and enterprise_id:
        return enterprise_id
    return team_id or None


_scoped: weakref.WeakKeyDictionary[sessionmaker, dict[str, sessionmaker]] = weakref.WeakKeyDictionary()


def scoped(factory: sessionmaker[Session], key: str) -> sessionmaker[Session]:
    """`factory` with every session it opens scoped to workspace `key` (one factory per key, kept). A factory
    that is a plain function (a test's wrapper) is used as it is: its sessions must name their workspace."""
    if not isinstance(factory, sessionmaker):
        return factory
    if factory.kw.get("info", {}).get(KEY) == key:
        return factory
    known = _scoped.setdefault(factory, {})
    if key not in known:
        known[key] = sessionmaker(**{**factory.kw, "info": {**factory.kw.get("info", {}), KEY: key}})
    return known[key]


@event.listens_for(Session, "do_orm_execute")
def _only_this_workspace(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    key = key_of(state.session)
    if key == ALL:
        return
    state.statement = state.statement.options(
        with_loader_criteria(InWorkspace, lambda cls: cls.workspace == key, include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context, _instances) -> None:
    new = [obj for obj in session.new if isinstance(obj, InWorkspace)]
    if not new:
        return
    key = key_of(session)
    for obj in new:
        if obj.workspace is None:
            if key == ALL:
                raise Unscoped(f"a new {type(obj).__name__} needs a workspace: this session serves them all")
            obj.workspace = key
        elif key not in (ALL, obj.workspace):
            raise Unscoped(f"a {type(obj).__name__} of another workspace cannot be saved in this one")


@event.listens_for(Session, "after_begin")
def _tell_postgresql(session: Session, _transaction, connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT set_config('{GUC}', :key, true)"), {"key": key_of(session)})
