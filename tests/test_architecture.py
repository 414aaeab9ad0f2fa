"""The house as the README draws it, checked on the source (by its syntax tree, whatever the names):

- the front door (bot.requests) imports nothing from the handlers;
- the flows, and the reminder rows' own rules (bot.nudges), are pure rules: no commit, no Slack client call,
  no import of Slack, ui, effects, handlers, the front door, the worker or the development tools;
- only bot.requests and bot.worker commit;
- the worker imports no flow (it is handed the reminder kinds, its chores and how to read the settings in
  force; the rows' own rules are bot.nudges, which imports no flow either);
- every form module is in the index the text limits are read from.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.paths import ROOT

BOT = ROOT / "bot"
# Web API methods as slack_sdk names them: chat_postMessage, views_open, users_info, conversations_open...
SLACK_METHOD = re.compile(
    r"^(admin|api|apps|auth|bookmarks|bots|calls|canvases|chat|conversations|dialog|dnd|emoji|files|functions"
    r"|migration|oauth|openid|pins|reactions|reminders|rtm|search|stars|team|usergroups|users|views|workflows)"
    r"_[a-z][A-Za-z]*$"
)


def modules_imported(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # relative: resolve against the file's package
                package = path.relative_to(ROOT).parent.parts[
                    : len(path.relative_to(ROOT).parent.parts) - node.level + 1
                ]
                out.add(".".join((*package, node.module)))
            else:
                out.add(node.module)
                out |= {f"{node.module}.{alias.name}" for alias in node.names}
    return out


def attribute_calls(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        (node.lineno, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]


def under(folder: str) -> list[Path]:
    return sorted((BOT / folder).rglob("*.py"))


def named(path: Path) -> str:
    return str(path.relative_to(ROOT))


def starts(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_front_door_never_imports_the_handlers():
    offenders = [
        f"{named(p)}: {m}" for p in under("requests") for m in modules_imported(p) if starts(m, "bot.handlers")
    ]
    assert offenders == []


PURE = ("flows", "nudges")


def test_flows_are_pure_rules():
    forbidden = (
        "bot.slack",
        "bot.ui",
        "bot.effects",
        "bot.handlers",
        "bot.requests",
        "bot.worker",
        "devtools",
        "slack_sdk",
        "slack_bolt",
    )
    offenders = []
    for path in [p for folder in PURE for p in under(folder)]:
        offenders += [f"{named(path)}: imports {m}" for m in modules_imported(path) if starts(m, *forbidden)]
        for line, name in attribute_calls(path):
            if name == "commit" or SLACK_METHOD.match(name) or name == "api_call":
                offenders.append(f"{named(path)}:{line}: calls .{name}(")
    assert offenders == []


def test_only_the_front_door_and_the_worker_commit():
    offenders = [
        f"{named(path)}:{line}"
        for path in sorted(BOT.rglob("*.py"))
        if not starts(".".join(path.relative_to(ROOT).with_suffix("").parts), "bot.requests", "bot.worker")
        and path.name != "db.py"
        and not starts(
            ".".join(path.relative_to(ROOT).parent.parts), "bot.migrations"
        )  # Alembic's own run  # `transaction()`, the one helper the command line's one-off changes use
        for line, name in attribute_calls(path)
        if name == "commit"
    ]
    assert offenders == []


def test_the_worker_and_the_reminder_rows_import_no_flow():
    offenders = [
        f"{named(p)}: {m}"
        for p in under("worker") + under("nudges")
        for m in modules_imported(p)
        if starts(m, "bot.flows", "bot.ui", "bot.handlers", "bot.requests", "bot.effects")
    ]
    assert offenders == []


def test_the_checks_see_what_they_look_for(tmp_path):
    """The checks above are only worth their silence if they would speak: each sees a planted offence."""
    planted = tmp_path / "bot" / "flows" / "x.py"
    planted.parent.mkdir(parents=True)
    planted.write_text(
        "from bot.slack import look_up\nimport slack_sdk\n\ndef f(s, c):\n    c.chat_postMessage(channel='C')\n"
        "    whatever.commit()\n"
    )
    imported = modules_imported(planted)
    assert "bot.slack" in imported and "slack_sdk" in imported
    assert {name for _, name in attribute_calls(planted)} == {"chat_postMessage", "commit"}
    assert SLACK_METHOD.match("views_open") and SLACK_METHOD.match("users_lookupByEmail")
    assert not SLACK_METHOD.match("scalars") and not SLACK_METHOD.match("execute")


def test_every_form_module_is_indexed_for_its_text_limits():
    from bot.flows.forms import FORM_MODULES

    on_disk = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in BOT.glob("flows/*/forms.py")}
    assert set(FORM_MODULES) == on_disk


def test_handlers_only_open_and_update_the_modal_they_answer_everything_else_is_an_effect():
    """A handler parses, calls a flow and returns effects: the Slack calls after a commit live in
    bot.effects. What a handler may call itself is the request's own answer: opening (or updating) the
    modal its trigger_id or view is for."""
    answers = {"views_open", "views_update", "views_push"}
    offenders = [
        f"{named(path)}:{line}: .{name}("
        for path in under("handlers")
        for line, name in attribute_calls(path)
        if (SLACK_METHOD.match(name) and name not in answers) or name == "api_call"
    ]
    offenders += [
        f"{named(path)}: {m}"
        for path in under("handlers")
        for m in modules_imported(path)
        if m in ("bot.slack.best_effort", "bot.slack.replace_message")
    ]
    assert offenders == []


def test_no_two_classes_share_a_name():
    where: dict[str, list[str]] = {}
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(named(path))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_every_command_name_comes_from_its_ids_module():
    literal = re.compile(r"app\.command\(\s*[\"']")
    registered = [
        f"{named(path)}:{number}"
        for path in under("handlers")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert registered == []
    assert literal.search('app.command("/ml-report")(on_report)')


def test_test_modules_share_helpers_only_through_tests_support():
    tests = ROOT / "tests"
    offenders = [
        f"{path.relative_to(ROOT)}: {m}"
        for path in sorted(tests.rglob("*.py"))
        for m in modules_imported(path)
        if m.startswith("tests.test_") or m.startswith("tests.conftest")
    ]
    assert offenders == []


def test_no_mention_or_channel_is_wrapped_in_bold_or_nested_in_a_link_label():
    """Slack shows `*<@U1>*` as a literal `*@Ana Lima*`, and a mention inside a link's label as raw text:
    the builders never write either (the rendered check over the journeys is issue 24's)."""
    bold = re.compile(r"\*<[@#!]")
    nested = re.compile(r"<(https?:|\{)[^>|]*\|[^>]*<[@#]")  # a link (literal or built) whose label holds a mention
    offenders = [
        f"{named(path)}:{number}"
        for path in sorted(BOT.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if bold.search(line) or nested.search(line)
    ]
    assert offenders == []
