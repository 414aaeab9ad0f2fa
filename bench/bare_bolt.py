"""The yardstick for bench/front_door_bench.py: a bare Bolt app under gunicorn that does only what Slack
needs for `/ml-req` to open its form: verify the request, acknowledge, open the modal (the same view the
bot opens, built once at start, so both send Slack the same bytes). No database, no settings, no logging
of its own: what any Bolt app costs."""

from __future__ import annotations

import os

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.playbook import load_playbook
from bot.ui.requisition_intake import intake_modal

VIEW = intake_modal(load_playbook(), default_channel=None)

app = App(
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
    token_verification_enabled=False,
)


@app.command("/ml-req")
def open_form(ack, body, client):
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=VIEW)


handler = SlackRequestHandler(app)


def application(environ, start_response):
    return handler(environ, start_response)
