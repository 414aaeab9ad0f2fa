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
from devtools.shapes import Shape, installed_team, template
from tests.support.settings import open_settings, values
from tests.support.workspace import ADMIN, SIGNING_SECRET, build_slack


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


def installed_key(shape: Shape) -> str:
    """The workspace key a shape's requests belong to once installed: the org for an org-wide Grid install,
    else the workspace the app is installed in."""
    if shape is Shape.GRID_ORG:
        return template(shape, "block_actions")["enterprise"]["id"]
    return installed_team(shape)


def install_and_set_up(served: Served, shape: Shape, channels: dict | None = None) -> SlackClientSimulator:
    """What an admin does first in OAuth mode: installs the app through the pages (team or org-wide), then
    picks the hiring channel (and any other `channels`, by Settings field) in Settings. Returns the driver for
    the workspace's people."""
    key = installed_key(shape)
    org_wide = shape is Shape.GRID_ORG
    page = install(
        served, f"code-{key}", team_id=None if org_wide else key, enterprise_id=key if org_wide else None, user=ADMIN
    )
    assert page.status == 200 and "installed" in page.body, page.body
    driver = served.driver(shape)
    _, view = open_settings(driver, served.fake)
    assert view is not None, "the installer is the workspace's first admin"
    answer = driver.submit(view, values(**(channels or {})), user=ADMIN)
    assert answer.status == 200 and answer.body == "", answer.body
    return driver


TOKEN_MODE, OAUTH_MODE = "token", "oauth"  # how a test's app is installed (tests/conftest.py)


def serve_in_mode(mode, settings, engine, clock, playbook, fake_slack, shape, channels=None):
    """The app served in the test's mode: on the environment's token, or in OAuth mode installed and set up
    by its admin (`channels` as install_and_set_up takes them). Returns (driver, server, executor)."""
    if mode != OAUTH_MODE:
        return build_slack(settings, engine, clock, playbook, fake_slack, shape)
    served = serve_oauth(settings, engine, clock, playbook, fake_slack)
    return install_and_set_up(served, shape, channels), served.server, served.executor


def only_the_installations_token(fake_slack, shape: Shape) -> None:
    """In OAuth mode every Slack call of a test is made with its installation's own token (and some are)."""
    key = installed_key(shape)
    used = {(c.method, fake_slack.key_of_token(c.token)) for c in list(fake_slack.calls) if c.token is not None}
    assert ("views.open", key) in used, "the installation's token opened no modal"
    foreign = {method for method, owner in used if owner != key}
    assert foreign == set(), "a Slack call used a token that is not the installation's"
