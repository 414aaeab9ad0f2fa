"""OAuth mode as tests drive it: the app with no bot token of its own, installs through /slack/install and
/slack/oauth_redirect against the Slack double, and one request driver per installed workspace."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlparse

from bot.app import create_app
from bot.config import Settings
from bot.db import make_session_factory
from bot.requests.web import create_wsgi
from devtools.harness import SlackClientSimulator, TrackingExecutor, serve_wsgi
from devtools.shapes import Shape
from tests.support.workspace import SIGNING_SECRET


def oauth_settings(settings: Settings, fake_slack) -> Settings:
    """The test settings in OAuth mode: the app's credentials instead of a bot token; no channel or admin from
    the environment (each workspace's installer is its first admin)."""
    return replace(
        settings,
        slack_bot_token="",
        slack_client_id=fake_slack.client_id,
        slack_client_secret=fake_slack.client_secret,
        hiring_channel=None,
        bot_admins=frozenset(),
    )


@dataclass
class Served:
    base_url: str
    server: object
    executor: TrackingExecutor
    fake: object

    def driver(self, shape: Shape = Shape.STANDARD, renames: dict[str, str] | None = None) -> SlackClientSimulator:
        """Requests from people of one workspace: the shape's own ids, or renamed ({"T0ACME": "T0BETA"})."""
        return SlackClientSimulator(self.base_url, SIGNING_SECRET, self.fake.url, self.executor, shape, renames)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.executor.shutdown(wait=True)


def serve_oauth(settings: Settings, engine, clock, playbook, fake_slack) -> Served:
    executor = TrackingExecutor()
    app = create_app(
        settings,
        session_factory=make_session_factory(engine, None),
        playbook=playbook,
        clock=clock,
        listener_executor=executor,
        event_executor=executor.events,
    )
    base_url, server = serve_wsgi(create_wsgi(app, engine, signing_secret=SIGNING_SECRET))
    return Served(base_url, server, executor, fake_slack)


def install(served: Served, code: str, *, team_id: str | None, enterprise_id: str | None = None, user: str):
    """A person opens /slack/install, follows Add to Slack, chooses Allow; Slack redirects back with a code.
    Returns the redirect's response (the page the person sees)."""
    browser = served.driver()
    page = browser.get("/slack/install")
    assert page.status == 200, page.body
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link, "the install page has no Add to Slack link"
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    state = query["state"][0]
    cookie = next((v for k, v in page.headers.items() if k.lower() == "set-cookie"), "").split(";")[0]
    assert state in cookie, "the state the link carries is also kept in the browser"
    served.fake.grant(code, team_id=team_id, enterprise_id=enterprise_id, user=user)
    return browser.get(f"/slack/oauth_redirect?code={code}&state={state}", headers={"Cookie": cookie})
