"""The surface checks every end-to-end test runs (tests/conftest.py: the Slack double fixture and the
signed-request fixture) see what they look for, and leave alone what a person typed."""

from __future__ import annotations

import json

from devtools.surfaces import answer_problems, problems

EVIL = "<!channel> <!here> <https://evil.example|click here>"  # a person's text: shown as typed, not the bot's


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_markup_in_plain_text_is_found_wherever_it_is():
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Offer for <@U0MAYA>"},
        "blocks": [
            {
                "type": "input",
                "block_id": "b",
                "label": {"type": "plain_text", "text": "Posted in <#C0HIRING>"},
                "element": {
                    "type": "static_select",
                    "action_id": "v",
                    "options": [{"text": {"type": "plain_text", "text": "<@U0ANA>"}, "value": "a"}],
                },
            },
            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "<#C0X|x>"}}]},
        ],
    }
    found = problems("views.open", {"view": view})
    assert len(found) == 4 and all("plain text shows markup" in line for line in found)
    assert problems("chat.postMessage", {"blocks": [header("Debrief for <@U0ANA>")]})


def test_bold_mentions_nested_links_and_labels_saying_optional_are_found():
    assert "asterisks" in problems("chat.postMessage", {"blocks": [section("*<@U0ANA>* · 5 interviews")]})[0]
    nested = problems("chat.postMessage", {"text": "x (<https://a.slack.com/archives/C1/p1|posted in <#C0HIRING>>)"})
    assert "inside a link label" in nested[0]
    optional = {
        "type": "input",
        "optional": True,
        "label": {"type": "plain_text", "text": "Region (optional)"},
        "element": {"type": "plain_text_input", "action_id": "v"},
    }
    assert "swallows" in problems("chat.postMessage", {"text": "`/ml-candidate show <name>`"})[0]
    assert problems("chat.postMessage", {"text": "`/ml-candidate show &lt;name&gt;`"}) == []
    assert "Slack adds it" in problems("views.open", {"view": {"blocks": [optional]}})[0]
    assert (
        "inline error" in answer_problems(json.dumps({"response_action": "errors", "errors": {"b": "by <@U0MAYA>"}}))[0]
    )


def test_what_a_person_typed_and_good_markup_pass():
    assert problems("chat.postMessage", {"blocks": [header(f"Debrief: {EVIL}")], "text": "x"}) == []
    good = [section("<@U0ANA> · 1 interview · posted in <#C0HIRING>: <https://x.slack.com/archives/C1/p1|see it>")]
    assert problems("chat.postMessage", {"blocks": good, "text": "Approval needed from <@U0SAM>"}) == []
    assert answer_problems(json.dumps({"response_action": "errors", "errors": {"b": f"{EVIL} is not a link"}})) == []
    assert answer_problems("") == [] and answer_problems("not json") == []


def test_inline_errors_name_people_channels_and_links_in_words(fake_slack, settings):
    from bot.slack import build_client, in_words

    fake_slack.users["U0SAM"] = {"id": "U0SAM", "tz": None, "is_bot": False, "deleted": False, "name": "sam.okafor"}
    client = build_client(settings)
    text = "Already decided by <@U0SAM> in <#C0HIRING|ml-hiring> (<https://x.slack.com/archives/C1/p1|the post>)."
    assert in_words(text, client) == "Already decided by sam.okafor in #ml-hiring (the post)."
    assert in_words("by <@U0NOBODY> in <#C0HIRING>", client) == "by another person in the channel"
    assert in_words("nothing to change", client) == "nothing to change"
