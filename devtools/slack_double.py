"""The local Slack double: the Web API methods the bot uses, recording every call and answering like Slack.

It refuses (and records as a violation) any call outside Slack's published Web API contract (an unknown
method, a missing required parameter, an unknown parameter: devtools.contract), and any message or view
that breaks Block Kit limits or that the demo's renderer could not show, so every surface the bot sends is
checked by every end-to-end test. Its answers carry what Slack's carry (devtools.slack_objects), in the
`shape` of the place the app is installed (devtools.shapes). It
keeps what a workspace would show (messages and threads, ephemeral messages, each person's open modals
and App Home, uploaded files), for the demo (`python -m bot demo`). With `strict` (the demo) it also
refuses trigger ids it did not hand out or that are older than Slack's 3 seconds.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from devtools import contract, slack_objects
from devtools.blockkit import validate_message, validate_view
from devtools.render import unsupported
from devtools.shapes import Shape, installed_team

TOKEN = "xoxb-test-token"
BOT_USER = "U0BOT"
TRIGGER_LIFETIME = 3.0  # seconds: Slack's trigger ids expire after this


@dataclass
class Call:
    method: str
    params: dict
    token: str | None = None  # the bearer token it came with: which installation called


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    messages: dict[tuple[str, str], dict] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    unreachable_channels: set[str] = field(default_factory=set)  # channels the bot is not a member of
    channels: dict[str, dict] = field(default_factory=dict)  # the workspace's channels: {id: {"name", ...}}
    delays: dict[str, float] = field(default_factory=dict)  # {method: seconds} before answering, like a slow Slack
    gates: dict[str, threading.Event] = field(default_factory=dict)  # {method: event}: answer once it is set
    # uploaded files: {file id: {"content": bytes, "filename", "title", "channel", "shared": bool}}
    files: dict[str, dict] = field(default_factory=dict)
    # {method: [(http status, headers, error), ...]}: the next calls to `method` fail like this, in order
    failures: dict[str, list[tuple[int, dict, str]]] = field(default_factory=dict)
    # message timestamps follow this clock (a test's injected clock), so `oldest` filters work
    clock: Callable[[], datetime] | None = None
    url: str = ""
    # the most calls of each method Slack was answering at the same moment (how parallel the bot is)
    most_at_once: dict[str, int] = field(default_factory=dict)
    strict: bool = False  # refuse trigger ids this double did not hand out (the demo hands out every one)
    shape: Shape = Shape.STANDARD  # where the app is installed: what auth.test, users and views say
    # what a workspace shows, for the demo: ephemeral messages, answers to response_url, views by id,
    # each person's modal stack and Home tab, and every refusal with its reason
    ephemerals: list[dict] = field(default_factory=list)
    responses: list[dict] = field(default_factory=list)
    views: dict[str, dict] = field(default_factory=dict)
    stacks: dict[str, list[str]] = field(default_factory=dict)
    homes: dict[str, dict] = field(default_factory=dict)
    refused: list[dict] = field(default_factory=list)
    # OAuth installs (bot.installs): the app's credentials, codes a person's "Allow" hands out, and the bot
    # tokens they became: {token: {"team_id", "enterprise_id", "is_enterprise_install", "expires_at"}}
    client_id: str = "1111.2222"
    client_secret: str = "test-client-secret"
    grants: dict[str, dict] = field(default_factory=dict)
    installs: dict[str, dict] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # {refresh token: the bot token it renews}
    revoked: set[str] = field(default_factory=set)
    token_lifetime: int = 43200  # seconds, as Slack's rotating tokens (12 hours)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._files = itertools.count(1)
        self._in_flight: dict[str, int] = {}
        self._triggers: dict[str, tuple[str, float]] = {}  # {trigger id: (user, monotonic time handed out)}
        self._trigger_ids = itertools.count(1)

    def issue_trigger(self, user: str) -> str:
        """A trigger id for something `user` just did (a click, a command), valid for 3 seconds."""
        trigger = f"{int(time.time())}.{next(self._trigger_ids)}.demo"
        with self._lock:
            self._triggers[trigger] = (user, time.monotonic())
        return trigger

    def _trigger_user(self, trigger: str) -> tuple[str | None, str | None]:
        """(the user the trigger was handed to, None) or (None, the error Slack would answer)."""
        found = self._triggers.get(trigger)
        if found is None:
            return None, ("invalid_trigger_id" if self.strict or not trigger else None)
        user, issued = found
        if time.monotonic() - issued > TRIGGER_LIFETIME:
            return None, "expired_trigger_id"
        return user, None

    def enter(self, method: str) -> None:
        with self._lock:
            self._in_flight[method] = self._in_flight.get(method, 0) + 1
            self.most_at_once[method] = max(self.most_at_once.get(method, 0), self._in_flight[method])

    def wait_in_flight(self, method: str, count: int = 1, timeout: float = 10) -> None:
        """Block until `count` calls of `method` are being answered (held at a gate, say)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._in_flight.get(method, 0) >= count:
                    return
            time.sleep(0.01)
        raise AssertionError(f"{method} never had {count} call(s) in flight")

    def leave(self, method: str) -> None:
        with self._lock:
            self._in_flight[method] -= 1

    # --- inspection helpers for tests -------------------------------------------------
    def called(self, method: str) -> list[dict]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def posts_to(self, channel: str) -> list[dict]:
        dm = self.dm_channel(channel) if channel[:1] in "UW" else channel
        return [p for p in self.called("chat.postMessage") if self._resolve(p.get("channel", "")) == dm]

    def message(self, channel: str, ts: str) -> dict:
        return self.messages[(channel, ts)]

    @staticmethod
    def dm_channel(user: str) -> str:
        return "D" + user[1:]

    def _resolve(self, channel: str) -> str:
        return self.dm_channel(channel) if channel[:1] in "UW" else channel

    # --- the API ----------------------------------------------------------------------
    def fail_next(
        self, method: str, status: int, times: int = 1, headers: dict | None = None, error: str | None = None
    ) -> None:
        error = error or (
            "ratelimited" if status == 429 else "internal_error" if status >= 500 else "invalid_arguments"
        )
        self.failures.setdefault(method, []).extend([(status, headers or {}, error)] * times)

    def disconnect_next(self, method: str, times: int = 1) -> None:
        """The next calls to `method` get no answer at all: the connection is dropped (a network fault)."""
        self.fail_next(method, 0, times=times, error="disconnect")

    def take_failure(self, method: str) -> tuple[int, dict, str] | None:
        with self._lock:
            queue = self.failures.get(method)
            if queue:
                self.calls.append(Call(method + ":failed", {}))
                return queue.pop(0)
        return None

    def handle(self, method: str, params: dict, authorization: str | None) -> dict:
        token = authorization[7:] if authorization and authorization.startswith("Bearer ") else None
        with self._lock:
            self.calls.append(Call(method, params, token))
        if method.startswith("hooks/"):
            if (bad := self._check("response_url", self._shown(params))) is not None:
                return bad
            with self._lock:
                self.responses.append({"path": method, "params": params})
            return {"ok": True}
        if method == "oauth.v2.access":  # the app's own credentials, not a bot token
            return self.oauth_v2_access(params, authorization)
        if token in self.revoked:
            return {"ok": False, "error": "token_revoked"}
        install = self.installs.get(token or "")
        if install and install["expires_at"] <= time.time():
            return {"ok": False, "error": "token_expired"}
        if token != TOKEN and install is None:
            return {"ok": False, "error": "not_authed" if not authorization else "invalid_auth"}
        if method == "auth.test" and install:
            return self.auth_test_of(install)
        if broken := contract.problems(method, params):
            error = "unknown_method" if method not in contract.methods() else "invalid_arguments"
            with self._lock:
                self.violations.extend(broken)
                self.refused.append({"method": method, "error": error, "errors": broken})
            return {"ok": False, "error": error}
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        answer = handler(params) if handler is not None else {"ok": False, "error": "unknown_method"}
        if not answer.get("ok"):
            with self._lock:
                self.refused.append({"method": method, "error": answer.get("error"), "errors": answer.get("errors")})
        return answer

    @staticmethod
    def _shown(payload: dict) -> list[str]:
        """What Slack would refuse, and what the demo could not show, in a message."""
        return validate_message(payload) + [f"cannot be shown: {u}" for u in unsupported(payload.get("blocks"))]

    def _check(self, what: str, problems: list[str]) -> dict | None:
        if problems:
            with self._lock:
                self.violations.extend(f"{what}: {p}" for p in problems)
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return None

    def _next_ts(self) -> str:
        seconds = int((self.clock() if self.clock else datetime.now(timezone.utc)).timestamp())
        return f"{seconds}.{next(self._ts):06d}"

    # --- OAuth ---------------------------------------------------------------------------
    def grant(
        self, code: str, *, team_id: str | None, enterprise_id: str | None = None, user: str = "U0INSTALLER"
    ) -> None:
        """A person chose Allow on Slack's page: `code` is what Slack sends the redirect URL. An org-wide install
        has an enterprise and no team."""
        self.grants[code] = {
            "team_id": team_id,
            "enterprise_id": enterprise_id,
            "is_enterprise_install": team_id is None,
            "user": user,
        }

    def oauth_v2_access(self, params: dict, authorization: str | None) -> dict:
        import base64

        client_id, secret = params.get("client_id"), params.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, secret) != (self.client_id, self.client_secret):
            return {"ok": False, "error": "invalid_client_id" if client_id != self.client_id else "bad_client_secret"}
        if params.get("grant_type") == "refresh_token":
            with self._lock:
                old = self.refresh_tokens.pop(params.get("refresh_token") or "", None)
                if old is None:
                    return {"ok": False, "error": "invalid_refresh_token"}
                install = self.installs.pop(old)
            return self._issue(install, install["user"])
        if set(params) - {"code", "redirect_uri", "client_id", "client_secret"} or not params.get("code"):
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            found = self.grants.pop(params["code"], None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        return self._issue(found, found["user"])

    def _issue(self, install: dict, user: str) -> dict:
        serial = next(self._ts)
        token, refresh = f"xoxe.xoxb-1-{serial:06d}", f"xoxe-1-{serial:06d}"
        with self._lock:
            self.installs[token] = install | {"expires_at": time.time() + self.token_lifetime}
            self.refresh_tokens[refresh] = token
        team, enterprise = install["team_id"], install["enterprise_id"]
        return {
            "ok": True,
            "app_id": "A0MLHIRE",
            "authed_user": {"id": user},
            "scope": "commands,chat:write,im:write,im:history,files:write,users:read,users:read.email",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER,
            "refresh_token": refresh,
            "expires_in": self.token_lifetime,
            "team": {"id": team, "name": f"Workspace {team}"} if team else None,
            "enterprise": {"id": enterprise, "name": f"Org {enterprise}"} if enterprise else None,
            "is_enterprise_install": install["is_enterprise_install"],
        }

    def token_of(self, team_or_enterprise: str) -> str | None:
        """The newest bot token of an installation (by its team, or its enterprise for an org-wide install)."""
        for token, install in reversed(list(self.installs.items())):
            if team_or_enterprise in (
                install["team_id"],
                install["enterprise_id"] if install["is_enterprise_install"] else None,
            ):
                return token
        return None

    def key_of_token(self, token: str) -> str | None:
        """The installation a bot token was issued to (its team, or its enterprise for an org-wide install)."""
        install = self.installs.get(token)
        if install is None:
            return None
        return install["enterprise_id"] if install["is_enterprise_install"] else install["team_id"]

    def auth_test_of(self, install: dict) -> dict:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Installed",
            "user": "mlbot",
            "team_id": install["team_id"] or install["enterprise_id"],
            "user_id": BOT_USER,
            "bot_id": slack_objects.BOT_ID,
            "is_enterprise_install": install["is_enterprise_install"],
        } | ({"enterprise_id": install["enterprise_id"]} if install["enterprise_id"] else {})

    def api_auth_test(self, params: dict) -> dict:
        org = self.shape is Shape.GRID_ORG  # an org-level token answers for the whole organisation
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Acme Org" if org else "Acme",
            "user": "mlbot",
            "team_id": "E0ACME" if org else installed_team(self.shape),
            "user_id": BOT_USER,
            "bot_id": slack_objects.BOT_ID,
            "is_enterprise_install": org,
        } | ({"enterprise_id": "E0ACME"} if org else {})

    def api_chat_postMessage(self, params: dict) -> dict:
        channel = self._resolve(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.unreachable_channels:
            return {"ok": False, "error": "not_in_channel"}
        if (bad := self._check("chat.postMessage", self._shown(params))) is not None:
            return bad
        ts = self._next_ts()
        message = {"ts": ts} | {k: params.get(k) for k in ("text", "blocks", "thread_ts", "metadata")}
        with self._lock:
            self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": slack_objects.posted(self.shape, **message)}

    def api_chat_update(self, params: dict) -> dict:
        key = (params.get("channel") or "", params.get("ts") or "")
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        if (bad := self._check("chat.update", self._shown(params))) is not None:
            return bad
        with self._lock:
            self.messages[key] |= {"text": params.get("text"), "blocks": params.get("blocks")}
        shown = slack_objects.posted(self.shape, text=params.get("text"), blocks=params.get("blocks"), ts=key[1])
        return {"ok": True, "channel": key[0], "ts": key[1], "text": params.get("text"), "message": shown}

    def api_chat_delete(self, params: dict) -> dict:
        key = (self._resolve(params.get("channel") or ""), params.get("ts") or "")
        with self._lock:
            if self.messages.pop(key, None) is None:
                return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": key[0], "ts": key[1]}

    # files.upload v2: get an upload URL, POST the bytes there, then complete (share) the upload
    def api_files_getUploadURLExternal(self, params: dict) -> dict:
        filename, length = params.get("filename"), str(params.get("length") or "")
        if not filename or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._files):05d}"
        with self._lock:
            self.files[file_id] = {"filename": filename, "length": int(length), "content": None, "shared": False}
        return {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}

    def receive_upload(self, file_id: str, content: bytes) -> bool:
        with self._lock:
            if file_id not in self.files:
                return False
            self.files[file_id]["content"] = content
        return True

    def api_files_completeUploadExternal(self, params: dict) -> dict:
        files = params.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        channel = self._resolve(params.get("channel_id") or "")
        done = []
        with self._lock:
            for f in files or []:
                stored = self.files.get(f.get("id"))
                if stored is None or stored["content"] is None:
                    return {"ok": False, "error": "file_not_found"}
                stored |= {
                    "title": f.get("title"),
                    "channel": channel,
                    "shared": True,
                    "initial_comment": params.get("initial_comment"),
                    "ts": self._next_ts(),
                }
                done.append({"id": f["id"], "title": f.get("title"), "name": stored["filename"]})
        return {"ok": True, "files": done}

    def api_files_delete(self, params: dict) -> dict:
        with self._lock:
            if self.files.pop(params.get("file") or "", None) is None:
                return {"ok": False, "error": "file_not_found"}
        return {"ok": True}

    def api_chat_postEphemeral(self, params: dict) -> dict:
        if (bad := self._check("chat.postEphemeral", self._shown(params))) is not None:
            return bad
        ts = self._next_ts()
        with self._lock:
            self.ephemerals.append(
                {
                    "channel": self._resolve(params.get("channel") or ""),
                    "user": params.get("user"),
                    "text": params.get("text"),
                    "blocks": params.get("blocks"),
                    "ts": ts,
                }
            )
        return {"ok": True, "message_ts": ts}

    def api_chat_getPermalink(self, params: dict) -> dict:
        channel, ts = params.get("channel") or "", params.get("message_ts") or ""
        if (channel, ts) not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://fake.slack.test/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _view(self, method: str, params: dict) -> dict:
        view = params.get("view")
        problems = validate_view(view)
        if isinstance(view, dict):
            problems += [f"cannot be shown: {u}" for u in unsupported(view.get("blocks"))]
        if (bad := self._check(method, problems)) is not None:
            return bad
        # the recorded call's view gets its id and Slack's own fields, as Slack's view payloads have them, so a
        # test can submit it (twice)
        view.update(slack_objects.opened_view(self.shape, view, params.get("view_id") or f"V{next(self._views):05d}"))
        with self._lock:
            self.views[view["id"]] = view
        return {"ok": True, "view": view}

    def api_views_open(self, params: dict) -> dict:
        user, error = self._trigger_user(params.get("trigger_id") or "")
        if error:
            return {"ok": False, "error": error}
        answer = self._view("views.open", params)
        if answer["ok"] and user:
            with self._lock:
                self.stacks[user] = [answer["view"]["id"]]
        return answer

    def api_views_update(self, params: dict) -> dict:
        if params.get("view_id") and params["view_id"] not in self.views and self.strict:
            return {"ok": False, "error": "not_found"}
        return self._view("views.update", params)

    def api_views_push(self, params: dict) -> dict:
        user, error = self._trigger_user(params.get("trigger_id") or "")
        if error:
            return {"ok": False, "error": error}
        answer = self._view("views.push", params)
        if answer["ok"] and user:
            with self._lock:
                self.stacks.setdefault(user, []).append(answer["view"]["id"])
        return answer

    def api_views_publish(self, params: dict) -> dict:
        if not params.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        answer = self._view("views.publish", params)
        if answer["ok"]:
            with self._lock:
                self.homes[params["user_id"]] = answer["view"]
        return answer

    def api_users_info(self, params: dict) -> dict:
        user = params.get("user") or ""
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": self.person(user)}

    def person(self, user: str) -> dict:
        """A member as users.info answers: every field of a real member, with what the test set winning."""
        return slack_objects.user(self.users[user], self.shape, self.clock() if self.clock else None)

    def api_users_lookupByEmail(self, params: dict) -> dict:  # noqa: N802 (Slack's method name)
        email = (params.get("email") or "").lower()
        for user in self.users.values():
            if ((user.get("profile") or {}).get("email") or "").lower() == email and email:
                return {"ok": True, "user": self.person(user["id"])}
        return {"ok": False, "error": "users_not_found"}

    def api_conversations_history(self, params: dict) -> dict:
        channel = params.get("channel") or ""
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata")).lower() in ("1", "true")
        with self._lock:
            found = [dict(m) for (c, _), m in self.messages.items() if c == channel and float(m["ts"]) > oldest]
        for m in found:
            if not with_metadata or not m.get("metadata"):
                m.pop("metadata", None)
        found.sort(key=lambda m: float(m["ts"]), reverse=True)
        return {"ok": True, "messages": found[: int(params.get("limit") or 100)], "has_more": False}

    def api_conversations_info(self, params: dict) -> dict:
        channel = params.get("channel") or ""
        if channel[:1] == "D":
            return {"ok": True, "channel": {"id": channel, "is_im": True, "user": "U" + channel[1:]}}
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        member = channel not in self.unreachable_channels
        return {
            "ok": True,
            "channel": slack_objects.conversation(self.shape, channel, self.channels[channel], member=member),
        }

    def api_conversations_open(self, params: dict) -> dict:
        users = (params.get("users") or "").split(",")
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": self.dm_channel(users[0])}}
