"""What the page shows a person: sidebar, the open channel or Home tab, their modal, the clock (pure HTML from
the double's state, everything escaped by `devtools.render`)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from devtools import render
from devtools.demo.workspace import BOT_NAME, CHANNELS, PEOPLE, Demo, dm
from devtools.render import e

HOME = "home"
BOT_USER = "U0BOT"


def workspace(user: str, errors: dict | None = None, now: datetime | None = None) -> render.Workspace:
    return render.Workspace(
        people={u: name for u, (name, _, _) in PEOPLE.items()} | {BOT_USER: BOT_NAME},
        bots=frozenset({BOT_USER}),
        channels=dict(CHANNELS),
        zone=PEOPLE[user][1],
        errors=errors or {},
        now=now,
    )


def _when(ts: str, zone: str) -> str:
    moment = datetime.fromtimestamp(float(ts), tz=timezone.utc).astimezone(ZoneInfo(zone))
    return moment.strftime("%a %d %b %H:%M")


def sidebar(demo: Demo, user: str, at: str) -> str:
    def item(target: str, label: str) -> str:
        current = ' aria-current="page"' if target == at else ""
        return f'<li><a href="#" data-goto="{e(target)}"{current}>{label}</a></li>'

    channels = sorted({c for c, _ in demo.double.messages if c.startswith("C")} | set(CHANNELS))
    items = [item(c, f"# {e(CHANNELS.get(c, c))}") for c in channels]
    return (
        '<h4>Channels</h4><ul class="nav">' + "".join(items) + "</ul>"
        '<h4>Apps</h4><ul class="nav">'
        + item(HOME, f"{e(BOT_NAME)} · Home")
        + item(dm(user), f"{e(BOT_NAME)} · Messages")
        + "</ul>"
    )


def _entry(author: str, when: str, body: str, *, source: str | None = None, extra: str = "") -> str:
    src = f' data-source="{e(source)}"' if source else ""
    return (
        f'<article class="msg{extra}"{src}><header><b>{e(author)}</b> <span class="when">{e(when)}</span></header>'
        f'<div class="body">{body}</div></article>'
    )


def channel(demo: Demo, user: str, at: str) -> str:
    """The channel's messages, threads under their parent, files, and what only this person sees."""
    ws, zone = workspace(user, now=demo.clock.now), PEOPLE[user][1]
    d = demo.double
    items: list[tuple[float, str]] = []
    replies: dict[str, list[tuple[float, str]]] = {}
    for (c, ts), m in sorted(d.messages.items(), key=lambda kv: float(kv[0][1])):
        if c != at:
            continue
        author = PEOPLE[m["user"]][0] if m.get("user") in PEOPLE else BOT_NAME
        html = _entry(author, _when(ts, zone), render.message(m, ws), source=f"msg:{c}:{ts}")
        parent = m.get("thread_ts")
        if parent and parent != ts:
            replies.setdefault(parent, []).append((float(ts), html))
        else:
            items.append((float(ts), (ts, html)))  # type: ignore[arg-type]
    for f in d.files.values():
        if f.get("shared") and f.get("channel") == at and f.get("ts"):
            items.append(
                (float(f["ts"]), (f["ts"], _entry(BOT_NAME, _when(f["ts"], zone), _file(d, f, demo.file_key))))
            )  # type: ignore[arg-type]
    for n in demo.local:
        if n["user"] == user and n["channel"] == at:
            body = render.message(n, ws) + '<div class="only-you">Only visible to you</div>'
            items.append(
                (
                    float(n["ts"]),
                    (
                        n["ts"],
                        _entry(BOT_NAME, _when(n["ts"], zone), body, source=f"eph:{n['id']}", extra=" ephemeral"),
                    ),
                )
            )  # type: ignore[arg-type]
    out = []
    for _, (ts, html) in sorted(items, key=lambda x: x[0]):  # type: ignore[misc]
        thread = replies.get(ts, [])
        if thread:
            html += '<div class="thread">' + "".join(h for _, h in sorted(thread)) + "</div>"
        out.append(html)
    return "".join(out) or '<p class="empty">Nothing here yet.</p>'


def _file(double, f: dict, key: str) -> str:
    file_id = next(k for k, v in double.files.items() if v is f)
    src = f"/files/{e(file_id)}?key={e(key)}"
    title, name = e(f.get("title") or f.get("filename")), e(f.get("filename"))
    if (f.get("filename") or "").endswith(".png"):
        return f'<figure class="file"><img src="{src}" alt="{title}"><figcaption>{title}</figcaption></figure>'
    return f'<div class="file"><a href="{src}" download="{name}">⬇ {name}</a> · {title}</div>'


def home(demo: Demo, user: str) -> str:
    view = demo.double.homes.get(user)
    if not view:
        return '<p class="empty">The Home tab has not been published yet.</p>'
    body = render.blocks(view.get("blocks"), workspace(user, now=demo.clock.now))
    return f'<div class="home" data-source="view:{e(view.get("id"))}">{body}</div>'


def modal(demo: Demo, user: str) -> dict | None:
    stack = demo.double.stacks.get(user) or []
    if not stack:
        return None
    view = demo.double.views.get(stack[-1]) or {}
    html = render.modal(view, workspace(user, view.get("_errors"), demo.clock.now))
    return {
        "id": view.get("id"),
        "html": f'<div data-source="view:{e(view.get("id"))}">{html}</div>',
        "depth": len(stack),
    }


def title(at: str) -> str:
    if at == HOME:
        return f"{BOT_NAME} · Home"
    return "# " + CHANNELS[at] if at in CHANNELS else f"{BOT_NAME} · Messages"


def state(demo: Demo, user: str, at: str) -> dict:
    if user not in PEOPLE:
        user = next(iter(PEOPLE))
    if at.startswith("D") and at != dm(user):  # someone else's DM: the person's own instead
        at = dm(user)
    zone = PEOPLE[user][1]
    due = demo.next_due()
    refusals = [
        f"{r['method']}: {r['error']}" + (f" ({'; '.join(r['errors'])})" if r.get("errors") else "")
        for r in demo.double.refused[-5:]
    ]
    return {
        "me": user,
        "at": at,
        "people": [{"id": u, "label": f"{n} ({role})"} for u, (n, _, role) in PEOPLE.items()],
        "sidebar": sidebar(demo, user, at),
        "title": f"{BOT_NAME} · Home"
        if at == HOME
        else ("# " + CHANNELS[at] if at in CHANNELS else f"{BOT_NAME} · Messages"),
        "main": home(demo, user) if at == HOME else channel(demo, user, at),
        "modal": modal(demo, user),
        "clock": f"{demo.clock.now.astimezone(ZoneInfo(zone)):%a %d %b %Y %H:%M} ({zone})",
        "next_due": due.astimezone(ZoneInfo(zone)).strftime("%a %d %b %H:%M") if due else None,
        "refusals": refusals,
    }
