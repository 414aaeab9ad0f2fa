"""Install it anywhere (issue 26): OAuth installs through /slack/install, two workspaces and an org-wide Grid
install side by side on one deployment, nothing of one visible in another, the worker serving each with its
own token, and leaving."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from bot import tenancy
from bot.db import make_session_factory
from bot.flows.interviews import ids as iv_ids
from bot.flows.offers import ids as offer_ids
from bot.flows.requisition.nudges import REMIND
from bot.flows.settings import ids as set_ids
from bot.installs import NOT_INSTALLED, Installations
from bot.models import (
    AuditEvent,
    Candidate,
    Interview,
    Nudge,
    Offer,
    PlanStage,
    Requisition,
    Scorecard,
    SweepPause,
    Workspace,
)
from bot.runtime import adopt_single, build_fleet, forget_workspace
from bot.worker.chores import Chore
from bot.worker.outcomes import SweepConfig
from devtools.shapes import Shape
from tests.support.installs import install, oauth_settings, serve_oauth
from tests.support.interviews import ALICE, click, interview_and_score, last_view
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import OFFER, accept, button_to
from tests.support.offers import press as offer_press
from tests.support.reminders import FRI_10
from tests.support.requisitions import APPROVER, HM, INTAKE, action_values, press, submit
from tests.support.requisitions import ids as req_ids
from tests.support.seed import insert_all, nudge_row
from tests.support.settings import open_settings, values
from tests.support.together import at_once
from tests.support.workspace import ADMIN

ALPHA, BETA, ORG = "T0ALPHA", "T0BETA", "E0ACME"


@pytest.fixture
def osettings(settings, fake_slack):
    return oauth_settings(settings, fake_slack)


@pytest.fixture
def served(osettings, engine, clock, playbook, fake_slack, people):  # noqa: F811 (the people fixture)
    served = serve_oauth(osettings, engine, clock, playbook, fake_slack)
    yield served
    served.close()


def scoped(engine, key: str):
    return tenancy.scoped(make_session_factory(engine, None), key)()


def drivers(served):
    """Each installation's people: two standard workspaces, and the org-wide install's two workspaces."""
    return {
        ALPHA: served.driver(renames={"T0ACME": ALPHA}),
        BETA: served.driver(renames={"T0ACME": BETA}),
        ORG: served.driver(Shape.GRID_ORG),
    }


def install_all(served):
    for key, code in ((ALPHA, "code-a"), (BETA, "code-b")):
        assert "ML hiring is installed" in install(served, code, team_id=key, user=ADMIN).body
    assert (
        "every workspace of the organisation"
        in install(served, "code-o", team_id=None, enterprise_id=ORG, user=ADMIN).body
    )


def hire_loop_start(served, engine, key: str, driver, approver_driver=None):
    """A requisition submitted and approved, and a candidate added, in workspace `key`."""
    fake = served.fake
    answer = driver.submit(_intake_view(driver, fake), INTAKE | {req_ids.DOMAIN: f"{key} domain secret"}, user=HM)
    assert answer.status == 200 and answer.body == "", answer.body
    with scoped(engine, key) as s:
        req = s.scalars(select(Requisition)).one()
    value = action_values(fake.message(req.approval_channel_id, req.approval_ts))[req_ids.APPROVE]
    press(approver_driver or driver, APPROVER, req_ids.APPROVE, value, req)
    driver.command(iv_ids.COMMAND, "", user=HM)
    view = fake.called("views.open")[-1]["view"]
    answer = driver.submit(
        view,
        {
            iv_ids.REQUISITION: str(req.id),
            iv_ids.NAME: f"Candidate of {key}",
            iv_ids.PROFILE: f"https://example.org/{key.lower()}",
            iv_ids.SOURCE: "referral",
            iv_ids.SIGNALS: ["production", "impact"],
            iv_ids.VERDICT: "advance",
        },
        user=HM,
    )
    assert answer.status == 200 and answer.body == "", answer.body
    return req.id


def _intake_view(driver, fake):
    assert driver.command(req_ids.COMMAND, "", user=HM).status == 200
    return fake.called("views.open")[-1]["view"]


def secrets(key: str) -> tuple[str, ...]:
    return (
        f"Candidate of {key}",
        f"{key} domain secret",
        f"example.org/{key.lower()}",
        f"{key} rationale secret",
        f"{key.lower()}.example.org",
    )


def leaks(fake) -> list[str]:
    """Every Slack call made with an installation's token, checked for another installation's data."""
    found = []
    for call in list(fake.calls):
        if call.method.startswith(("hooks/", "oauth.")) or call.token is None:
            continue
        install = fake.installs.get(call.token)
        assert install is not None, f"{call.method} was called with a token no installation has"
        mine = install["enterprise_id"] if install["is_enterprise_install"] else install["team_id"]
        shown = json.dumps(call.params, ensure_ascii=False)
        found += [
            f"{call.method} in {mine} shows {s!r}"
            for k in (ALPHA, BETA, ORG)
            if k != mine
            for s in secrets(k)
            if s in shown
        ]
    return found


def test_an_install_through_the_install_page_creates_an_installation_and_the_loop_runs_for_it(
    served, engine, osettings, fake_slack
):
    page = install(served, "code-1", team_id=ALPHA, user=ADMIN)
    assert page.status == 200 and "ML hiring is installed" in page.body and "Home tab" in page.body
    with scoped(engine, tenancy.ALL) as s:
        [row] = s.scalars(select(Workspace)).all()
    assert (row.workspace, row.team_id, row.is_enterprise_install, row.installed_by) == (ALPHA, ALPHA, False, ADMIN)
    token = fake_slack.token_of(ALPHA)
    bot = Installations(osettings, engine, make_session_factory(engine, None)).store.find_bot(
        enterprise_id=None, team_id=ALPHA
    )
    assert bot.bot_token == token and bot.bot_refresh_token and bot.bot_token_expires_at

    alpha = served.driver(renames={"T0ACME": ALPHA})
    req_id = hire_loop_start(served, engine, ALPHA, alpha)
    with scoped(engine, ALPHA) as s:
        assert s.get(Requisition, req_id).workspace == ALPHA
        assert s.scalars(select(Candidate)).one().workspace == ALPHA
    assert {c.token for c in fake_slack.calls if c.method == "views.open"} == {token}
    assert leaks(fake_slack) == []


def test_a_stale_or_forged_install_link_installs_nothing_and_says_so(served, engine, fake_slack):
    browser = served.driver()
    fake_slack.grant("code-x", team_id=BETA, user=ADMIN)
    page = browser.get("/slack/oauth_redirect?code=code-x&state=not-a-state-we-gave")
    assert page.status >= 400 and "Not installed" in page.body and "start again" in page.body
    with scoped(engine, tenancy.ALL) as s:
        assert s.scalar(select(func.count()).select_from(Workspace)) == 0
    assert fake_slack.installs == {}


def test_two_workspaces_and_an_org_side_by_side_see_nothing_of_each_other(
    served, engine, osettings, playbook, fake_slack, clock
):
    install_all(served)
    people = drivers(served)
    other_workspace_of_org = served.driver(Shape.GRID_ORG, renames={"T0ACMEML": "T0ACMEUS"})
    ids_ = {
        ALPHA: hire_loop_start(served, engine, ALPHA, people[ALPHA]),
        BETA: hire_loop_start(served, engine, BETA, people[BETA]),
        # the org-wide install: the approver works in another workspace of the organisation
        ORG: hire_loop_start(served, engine, ORG, people[ORG], approver_driver=other_workspace_of_org),
    }
    # each counts its own requisitions: no customer reads another's volume off "#4" (case 11 of issue 33)
    with tenancy.scoped(make_session_factory(engine, None), tenancy.ALL)() as every:  # the operator's view
        number = dict(every.execute(select(Requisition.id, Requisition.number)).all())
    assert {key: number[req_id] for key, req_id in ids_.items()} == {ALPHA: 1, BETA: 1, ORG: 1}
    for key, req_id in ids_.items():
        with scoped(engine, key) as s:
            assert [r.id for r in s.scalars(select(Requisition))] == [req_id]
            assert s.scalar(select(func.count()).select_from(Candidate)) == 1
            assert s.get(Requisition, ids_[BETA if key != BETA else ALPHA]) is None  # another's, by its id
            assert s.get(Requisition, req_id).status == "approved"

    # a forged id: BETA's hiring manager names ALPHA's requisition in the candidate form
    people[BETA].command(iv_ids.COMMAND, "", user=HM)
    view = fake_slack.called("views.open")[-1]["view"]
    forged = (
        people[BETA]
        .submit(
            view,
            {
                iv_ids.REQUISITION: str(ids_[ALPHA]),
                iv_ids.NAME: "Forged Person",
                iv_ids.PROFILE: "https://example.org/forged",
                iv_ids.SOURCE: "referral",
                iv_ids.SIGNALS: ["production"],
                iv_ids.VERDICT: "advance",
            },
            user=HM,
        )
        .json()
    )
    assert forged.get("response_action") == "errors", forged
    # and a forged button: the same person, hiring manager in both, presses Hold in BETA naming ALPHA's
    with scoped(engine, ALPHA) as s:
        alpha_req = s.get(Requisition, ids_[ALPHA])
    forged_hold = req_ids.RequisitionRef(requisition_id=ids_[ALPHA]).dump()
    press(people[BETA], HM, req_ids.HOLD, forged_hold, alpha_req)
    with scoped(engine, ALPHA) as s:
        assert s.get(Requisition, ids_[ALPHA]).status == "approved"
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1

    # App Home, reports and the CSV export, each in its own workspace (the same admin in all three)
    for key, driver in people.items():
        driver.event({"type": "app_home_opened", "user": HM, "channel": "D0HM", "tab": "home"})
        published = [c for c in fake_slack.calls if c.method == "views.publish"][-1]
        assert published.token == fake_slack.token_of(key)
        assert f"Candidate of {key}" in json.dumps(published.params) or f"#{number[ids_[key]]}" in json.dumps(
            published.params
        )
        answer = driver.command("/ml-report", "pipeline csv", user=ADMIN)
        assert answer.status == 200
        content = list(fake_slack.files.values())[-1]["content"].decode()
        rows = {r["requisition"] for r in csv.DictReader(io.StringIO(content))}
        assert rows == {str(number[ids_[key]])}, (key, rows)

    # settings are each workspace's own: each admin picks a different hiring channel, where its digest goes
    channels = {ALPHA: "C0HIRING", BETA: "C0NEWHIRING", ORG: "C0GENERAL"}
    for key, driver in people.items():
        _, view = open_settings(driver, fake_slack)
        answer = driver.submit(view, values(**{set_ids.HIRING_CHANNEL: channels[key]}), user=ADMIN)
        assert answer.status == 200 and answer.body == "", answer.body
    fleet = build_fleet(engine, osettings, playbook)
    mark = len(fake_slack.calls)
    fleet.run(datetime(2026, 11, 30, 9, 31, tzinfo=timezone.utc))  # Monday 09:31: the weekly digests are due
    digests = [
        (c.params["channel"], c.token)
        for c in fake_slack.calls[mark:]
        if c.method == "chat.postMessage" and c.params.get("channel") in channels.values()
    ]
    assert sorted(digests) == sorted((channels[k], fake_slack.token_of(k)) for k in channels)
    assert leaks(fake_slack) == []

    press(people[ALPHA], HM, req_ids.HOLD, forged_hold, alpha_req)  # the same press in its own workspace works
    with scoped(engine, ALPHA) as s:
        assert s.get(Requisition, ids_[ALPHA]).status == "on_hold"


def test_the_worker_is_fair_across_workspaces_and_pauses_only_a_refused_one(
    served, engine, osettings, playbook, fake_slack, clock
):
    install_all(served)
    now = clock.now
    with engine.begin() as conn:
        insert_all(
            conn,
            (nudge_row(i, due_at=now - timedelta(minutes=5), status="pending", prefix="a") for i in range(60)),
            workspace=ALPHA,
        )
        insert_all(
            conn,
            (nudge_row(i, due_at=now - timedelta(minutes=1), status="pending", prefix="b") for i in range(1)),
            workspace=BETA,
        )
    fleet = build_fleet(engine, osettings, playbook, SweepConfig(batch_size=10, max_batches=1))
    fleet.send(now)
    with scoped(engine, tenancy.ALL) as s:
        left = dict(
            s.execute(
                select(Nudge.workspace, func.count()).where(Nudge.status == "pending").group_by(Nudge.workspace)
            ).all()
        )
    # one round: ALPHA's flood gave up one batch, and BETA's one reminder was not kept waiting behind it
    assert left.get(BETA, 0) == 0 and left[ALPHA] == 50

    fake_slack.revoked.add(fake_slack.token_of(BETA))
    with engine.begin() as conn:
        insert_all(conn, (nudge_row(i, due_at=now, status="pending", prefix="b2") for i in range(3)), workspace=BETA)
    fleet = build_fleet(engine, osettings, playbook)
    result = fleet.send(now + timedelta(minutes=1))
    assert result.paused == "token_revoked"
    with scoped(engine, BETA) as s:
        assert s.scalar(select(func.count()).select_from(SweepPause)) == 1
        assert s.scalar(select(func.count()).where(Nudge.status == "pending")) == 3  # kept for when it works
    with scoped(engine, ALPHA) as s:
        assert s.scalar(select(func.count()).select_from(SweepPause)) == 0
        assert s.scalar(select(func.count()).where(Nudge.status == "pending")) == 0


def test_a_rotating_token_is_renewed_before_it_expires(served, engine, osettings, fake_slack):
    fake_slack.token_lifetime = 3600  # inside the two hours ahead that a renewal is due
    install(served, "code-r", team_id=ALPHA, user=ADMIN)
    first = fake_slack.token_of(ALPHA)
    installations = Installations(osettings, engine, make_session_factory(engine, None))
    client = installations.client(ALPHA)
    assert client.token != first and client.token == fake_slack.token_of(ALPHA)
    assert installations.store.find_bot(enterprise_id=None, team_id=ALPHA).bot_token == client.token
    assert client.auth_test()["team_id"] == ALPHA


def test_a_departed_workspace_stops_and_its_data_is_deleted_after_the_retention(
    served, engine, osettings, playbook, fake_slack, clock, capsys
):
    install_all(served)
    people = drivers(served)
    hire_loop_start(served, engine, ALPHA, people[ALPHA])
    hire_loop_start(served, engine, BETA, people[BETA])
    answer = people[BETA].event({"type": "app_uninstalled"})
    assert answer.status == 200
    with scoped(engine, BETA) as s:
        left = s.scalar(select(Workspace))
        assert left.left_at == clock.now and left.left_because == "app_uninstalled"
    installations = Installations(osettings, engine, make_session_factory(engine, None))
    assert installations.serving() == sorted([ALPHA, ORG])
    assert installations.store.find_bot(enterprise_id=None, team_id=BETA) is None
    assert installations.store.find_bot(enterprise_id=None, team_id=ALPHA) is not None

    assert forget_workspace(osettings, BETA, clock.now + timedelta(days=29)) == 1
    assert "kept until" in capsys.readouterr().err
    assert forget_workspace(osettings, BETA, clock.now + timedelta(days=31)) == 0
    with scoped(engine, BETA) as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 0
        assert s.scalar(select(func.count()).select_from(Requisition)) == 0
        [audit] = s.scalars(select(AuditEvent)).all()
        assert audit.action == "workspace_deleted" and s.scalar(select(Workspace)).forgotten_at is not None
    with scoped(engine, ALPHA) as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1
        assert s.scalar(select(func.count()).select_from(Requisition)) == 1


def test_revoked_tokens_stop_a_workspace_only_when_the_bots_token_is_among_them(served, engine, osettings, clock):
    install_all(served)
    beta = served.driver(renames={"T0ACME": BETA})
    people_only = {"type": "tokens_revoked", "tokens": {"oauth": ["U0HM"], "bot": []}}
    assert beta.event(people_only, event_id="Ev0REVOKE1").status == 200
    installations = Installations(osettings, engine, make_session_factory(engine, None))
    assert installations.serving() == sorted([ALPHA, BETA, ORG])  # the bot uses no person's token
    assert beta.event({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}, event_id="Ev0REVOKE2").status == 200
    with scoped(engine, BETA) as s:
        assert s.scalar(select(Workspace)).left_because == "tokens_revoked"
    assert installations.serving() == sorted([ALPHA, ORG])
    assert installations.store.find_bot(enterprise_id=None, team_id=BETA) is None


def test_a_slack_connect_partner_is_told_the_app_is_not_installed_for_them_and_changes_nothing(
    served, engine, fake_slack
):
    """OAuth mode: a person of another organisation in a shared channel reaches the app as their own workspace.
    Theirs has not installed it, so a command or a press is answered with what to do and changes nothing; a
    modal opened in the installing workspace (`view.app_installed_team_id`) is that workspace's."""
    host_key = "T0ACME"
    install(served, "code-h", team_id=host_key, user=ADMIN)
    host, partner = served.driver(), served.driver(Shape.CONNECT)
    req_id = hire_loop_start(served, engine, host_key, host)
    with scoped(engine, host_key) as s:
        req = s.get(Requisition, req_id)
    calls = len(fake_slack.calls)
    assert partner.command(req_ids.COMMAND, "", user=HM).status == 200
    assert press(partner, HM, req_ids.HOLD, req_ids.RequisitionRef(requisition_id=req_id).dump(), req).status == 200
    told = [c for c in fake_slack.calls[calls:] if c.method.startswith("hooks/")]
    assert [c.params.get("text") for c in told] == [NOT_INSTALLED, NOT_INSTALLED]
    assert [c.method for c in fake_slack.calls[calls:] if not c.method.startswith("hooks/")] == []
    with scoped(engine, tenancy.ALL) as s:
        assert s.get(Requisition, req_id).status == "approved"
        assert s.scalars(select(Workspace.workspace)).all() == [host_key]

    host.command(iv_ids.COMMAND, "", user=HM)  # opened in the installing workspace, submitted from the partner's
    view = fake_slack.called("views.open")[-1]["view"]
    assert view["app_installed_team_id"] == host_key
    values = {
        iv_ids.REQUISITION: str(req_id),
        iv_ids.NAME: "Second Candidate",
        iv_ids.PROFILE: "https://example.org/second",
        iv_ids.SOURCE: "referral",
        iv_ids.SIGNALS: ["production"],
        iv_ids.VERDICT: "advance",
    }
    assert partner.submit(view, values, user=HM).body == ""
    with scoped(engine, host_key) as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 2


def test_exports_and_erasure_reach_only_their_own_workspace(served, engine, fake_slack):
    install_all(served)
    people = drivers(served)
    for key in (ALPHA, BETA):
        hire_loop_start(served, engine, key, people[key])
    alpha_name, beta_name = f"Candidate of {ALPHA}", f"Candidate of {BETA}"

    # BETA's hiring manager (the same person, hiring manager in both) names ALPHA's candidate: no such person here
    answer = people[BETA].command(iv_ids.COMMAND, f"export {alpha_name}", user=HM).json()
    assert answer["text"].startswith("No candidate called")  # (it quotes what was typed, nothing more)
    assert fake_slack.files == {}
    answer = people[ALPHA].command(iv_ids.COMMAND, f"export {alpha_name}", user=HM).json()
    assert "Sending you everything" in answer["text"]
    [upload] = fake_slack.files.values()
    assert json.loads(upload["content"])["candidate"]["name"] == alpha_name
    shared = [c for c in fake_slack.calls if c.method == "files.completeUploadExternal"]
    assert [c.token for c in shared] == [fake_slack.token_of(ALPHA)]

    # ALPHA's erase button, pressed in BETA (a forged id), erases nothing; in ALPHA it erases ALPHA's only
    prompt = people[ALPHA].command(iv_ids.COMMAND, f"erase {alpha_name}", user=HM).json()
    erase = prompt["blocks"][1]["elements"][0]
    assert erase["action_id"] == iv_ids.ERASE
    people[BETA].click(
        user=HM, action_id=iv_ids.ERASE, block_id="b", channel="D0X", message_ts="1.1", value=erase["value"]
    )
    with scoped(engine, tenancy.ALL) as s:
        assert sorted(s.scalars(select(Candidate.name))) == sorted([alpha_name, beta_name])
    people[ALPHA].click(
        user=HM, action_id=iv_ids.ERASE, block_id="b", channel="D0X", message_ts="1.1", value=erase["value"]
    )
    with scoped(engine, tenancy.ALL) as s:
        assert s.scalars(select(Candidate.name)).all() == [beta_name]
        erased = s.scalars(select(AuditEvent).where(AuditEvent.action == "candidate_erased")).all()
        assert [e.workspace for e in erased] == [ALPHA]
    assert leaks(fake_slack) == []


def test_single_token_data_moves_to_a_workspace_installed_through_oauth_once_and_never_mixes(
    slack, served, engine, osettings, fake_slack, clock, capsys
):
    """A team that started on one token switches to OAuth mode: `python -m bot adopt-single KEY`."""
    submit(slack, fake_slack)  # a requisition made in single-token mode
    assert adopt_single(osettings, ALPHA, clock.now) == 1
    assert "not an installed workspace" in capsys.readouterr().err
    install(served, "code-a", team_id=ALPHA, user=ADMIN)
    alpha = served.driver(renames={"T0ACME": ALPHA})
    alpha.event({"type": "app_home_opened", "user": HM, "channel": "D0HM", "tab": "home"})  # a cache row only

    assert adopt_single(osettings, ALPHA, clock.now) == 0
    with scoped(engine, tenancy.SINGLE) as s:
        assert s.scalar(select(func.count()).select_from(Requisition)) == 0
    with scoped(engine, ALPHA) as s:
        req = s.scalars(select(Requisition)).one()
        [audit] = s.scalars(select(AuditEvent).where(AuditEvent.action == "single_token_data_adopted")).all()
        assert audit.actor_id == "operator"
    answer = alpha.command(req_ids.COMMAND, "list", user=HM).json()
    assert f"#{req.number}" in json.dumps(answer)  # its people see it in OAuth mode
    assert adopt_single(osettings, ALPHA, clock.now) == 1
    assert "no single-token data" in capsys.readouterr().err

    # a workspace already in use is never mixed with single-token data
    install(served, "code-b", team_id=BETA, user=ADMIN)
    hire_loop_start(served, engine, BETA, served.driver(renames={"T0ACME": BETA}))
    submit(slack, fake_slack)
    assert adopt_single(osettings, BETA, clock.now) == 1
    refused = capsys.readouterr().err
    assert "already holds data of its own" in refused and "requisitions" in refused
    with scoped(engine, tenancy.SINGLE) as s:
        assert s.scalar(select(func.count()).select_from(Requisition)) == 1


def interview_to_accepted_offer(served, engine, key: str, driver, clock, playbook) -> None:
    """Workspace `key`'s candidate (hire_loop_start) interviewed by Alice, scored, hired, offered, accepted."""
    fake = served.fake
    with scoped(engine, key) as s:
        req_id = s.scalars(select(Requisition.id)).one()
        s.execute(
            update(PlanStage)
            .where(PlanStage.requisition_id == req_id, PlanStage.stage_key != "technical")
            .values(active=False)
        )
        s.commit()
        ref = iv_ids.CandidateRef(candidate_id=s.scalars(select(Candidate.id)).one()).dump()
    click(driver, HM, iv_ids.ASSIGN, ref)
    assert driver.submit(last_view(fake), {iv_ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    interview_and_score(driver, fake, clock, playbook, ALICE, "technical", 4, "strong_yes")
    click(driver, HM, iv_ids.HIRE, ref)
    assert driver.submit(last_view(fake), {iv_ids.RATIONALE: f"{key} rationale secret"}, user=HM).body == ""
    offer_press(driver, HM, offer_ids.PREPARE, button_to(fake, HM, offer_ids.PREPARE))
    offer = OFFER | {offer_ids.EXPIRES: clock.now.date().isoformat()}
    assert driver.submit(last_view(fake), offer, user=HM).body == ""
    assert accept(driver, fake, email=f"hire@{key.lower()}.example.org").body == ""


def test_interviews_scorecards_offers_and_reports_side_by_side(served, engine, playbook, fake_slack, clock):
    install_all(served)
    people = drivers(served)
    every = (ALPHA, BETA, ORG)
    for key in every:
        hire_loop_start(served, engine, key, people[key])
        interview_to_accepted_offer(served, engine, key, people[key], clock, playbook)
    for key in every:
        with scoped(engine, key) as s:
            assert s.scalar(select(func.count()).select_from(Interview)) == 1
            assert s.scalar(select(func.count()).select_from(Scorecard)) == 1
            assert [o.status for o in s.scalars(select(Offer))] == ["accepted"]
            assert s.scalars(select(Requisition.filled)).one() == 1
        # the same interviewer, counted once in each workspace: her one interview there
        assert people[key].command("/ml-report", "interviewers csv", user=ADMIN).status == 200
        content = list(fake_slack.files.values())[-1]["content"].decode()
        rows = list(csv.DictReader(io.StringIO(content)))
        assert [(r["interviewer"], r["interviews_done"], r["scorecards"]) for r in rows] == [(ALICE, "1", "1")], rows
    assert leaks(fake_slack) == []


def test_two_clock_processes_send_every_workspaces_reminders_exactly_once_each_with_its_token(
    served, engine, osettings, playbook, fake_slack, clock
):
    install_all(served)
    people = drivers(served)
    for key, driver in people.items():
        for n in range(4):
            intake = INTAKE | {req_ids.DOMAIN: f"{key} domain secret {n}"}
            assert driver.submit(_intake_view(driver, fake_slack), intake, user=HM).body == ""
    fleets = [build_fleet(engine, osettings, playbook, SweepConfig(batch_size=3)) for _ in range(2)]
    results = at_once([lambda x=x: x.run(FRI_10) for x in fleets])
    assert sum(r.sent for r in results) == 12
    posts = {}
    for call in fake_slack.calls:
        nudge_id = ((call.params.get("metadata") or {}).get("event_payload") or {}).get("nudge_id")
        if call.method == "chat.postMessage" and nudge_id:
            posts.setdefault(nudge_id, []).append(call.token)
    for key in people:
        with scoped(engine, key) as s:
            sent = s.scalars(select(Nudge).where(Nudge.kind == REMIND)).all()
        assert len(sent) == 4 and {n.status for n in sent} == {"sent"}
        assert all(posts[n.id] == [fake_slack.token_of(key)] for n in sent)  # once, with its own token


def test_a_chore_about_the_whole_database_runs_once_however_many_workspaces(served, engine, osettings, playbook):
    install_all(served)
    ran = []
    each = Chore("each", lambda at: ran.append(("each", at.factory.kw["info"][tenancy.KEY])) or 0)
    whole = Chore("whole", lambda at: ran.append(("whole", None)) or 0, per_workspace=False)
    fleet = build_fleet(engine, osettings, playbook)
    fleet.do(each, FRI_10)
    fleet.do(whole, FRI_10)
    assert sorted(k for name, k in ran if name == "each") == sorted([ALPHA, BETA, ORG])
    assert [name for name, _ in ran if name == "whole"] == ["whole"]
