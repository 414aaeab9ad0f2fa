"""`python -m bot demo --tour`: the whole loop, scripted, against the same double and bot as the page.

Each step acts as one person exactly as the page would (a command, a click on a button the bot sent, a
modal submitted), then the transcript records what that person now sees: the new messages in their DM
or the channel, and any modal open. The page can replay the same steps one at a time (`/api/tour`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.flows.interviews import ids as iv
from bot.flows.onboarding import ids as ob
from bot.flows.requisition import ids as req
from devtools.demo.workspace import CHANNELS, HEAD, HIRING, HM, INTERVIEWERS, NEW_HIRE, PEOPLE, Demo, dm
from devtools.mrkdwn_html import as_text

STAGES = ("technical", "system_design", "ethics")  # one stage per interviewer, in three time zones; the
# two the playbook calls essential for a senior role are kept (leaving one out is warned about)


class TourError(RuntimeError):
    pass


def _text(message: dict) -> str:
    """What a person reads in a message: its text fallback (the blocks say the same at more length)."""
    from devtools.demo.views import workspace

    return as_text(str(message.get("text") or ""), workspace(HM))[:160]


@dataclass
class Step:
    who: str
    title: str
    run: Callable[[Demo], None]


class Tour:
    def __init__(self, demo: Demo, out: Callable[[str], None] = print):
        self.demo = demo
        self.out = out
        self.seen: set[tuple[str, str]] = set(demo.double.messages)
        self.steps = self._steps()
        self.done = 0
        self.current_who: str | None = None  # whom the page shows after the last step (its result's reader)
        self.current_where: str | None = None  # where the last step's result is: a channel, or someone's DM

    # --- finding what the bot sent ------------------------------------------------------------------------
    def button(self, channel: str, action_id: str) -> tuple[str, dict]:
        """The newest button with `action_id` in `channel`: (its source for the page, the element)."""
        d = self.demo.double
        for (c, ts), m in sorted(d.messages.items(), key=lambda kv: float(kv[0][1]), reverse=True):
            if c != channel:
                continue
            for block in m.get("blocks") or []:
                elements = [block.get("accessory")] + list(block.get("elements") or [])
                for el in elements:
                    if isinstance(el, dict) and el.get("action_id") == action_id:
                        return f"msg:{c}:{ts}", el
        raise TourError(f"no {action_id} button in {channel}")

    def has(self, channel: str, action_id: str) -> bool:
        try:
            self.button(channel, action_id)
        except TourError:
            return False
        return True

    def click(self, user: str, channel: str, action_id: str) -> None:
        source, el = self.button(channel, action_id)
        self.demo.act(
            user, source, {"type": "button", "action_id": action_id, "block_id": None, "value": el.get("value")}
        )

    def modal(self, user: str) -> dict:
        stack = self.demo.double.stacks.get(user) or []
        if not stack:
            raise TourError(f"no modal open for {PEOPLE[user][0]}")
        return self.demo.double.views[stack[-1]]

    def submit(self, user: str, values: dict) -> None:
        view = self.modal(user)
        self.demo.submit(user, view["id"], values)
        if (self.demo.double.stacks.get(user) or []) and self.demo.double.views[self.modal(user)["id"]].get("_errors"):
            raise TourError(f"the form said: {self.modal(user)['_errors']}")

    # --- the steps -------------------------------------------------------------------------------------------
    def _steps(self) -> list[Step]:  # noqa: C901 -- one small function per step of the story
        d = self.demo
        playbook = d.playbook

        def intake(_):
            d.say(HM, HIRING, "/ml-req")
            values = {
                req.SPECIALIZATION: "nlp",
                req.LEVEL: "senior",
                req.LOCATION: "high_cost_hub",
                req.HIRING_MODEL: "in_house",
                req.HEADCOUNT: "1",
                req.TARGET_START: (d.clock.now + timedelta(days=120)).date().isoformat(),
                req.STAGE: "production",
                req.WORK: "both",
                req.MLOPS: "moderate",
                req.TOOLS: "PyTorch, MLflow",
                req.DOMAIN: "customer support",
                req.APPROVER: HEAD,
                req.CHANNEL: HIRING,
            } | {req.readiness_block(q.key): "yes" for q in playbook.readiness.questions}
            self.submit(HM, values)

        def approve(_):
            self.click(HEAD, dm(HEAD), req.APPROVE)

        def plan(_):
            self.click(HM, HIRING, iv.EDIT_PLAN)
            self.submit(HM, {iv.PLAN_STAGES: list(STAGES)})

        def candidate(_):
            d.say(HM, HIRING, "/ml-candidate")
            view = self.modal(HM)
            first = next(b for b in view["blocks"] if b.get("block_id") == iv.REQUISITION)["element"]
            req_id = (first.get("initial_option") or first["options"][0])["value"]
            self.submit(
                HM,
                {
                    iv.REQUISITION: req_id,
                    iv.NAME: "Grace Hopper",
                    iv.PROFILE: "https://example.org/grace",
                    iv.SOURCE: "referral",
                    iv.SIGNALS: ["production", "impact"],
                    iv.VERDICT: "advance",
                },
            )

        def assign(_):
            self.click(HM, HIRING, iv.ASSIGN)
            self.submit(HM, {iv.STAGE_PREFIX + s: who for s, who in zip(STAGES, INTERVIEWERS, strict=True)})

        def times(_):
            start = d.clock.now + timedelta(days=1)
            for n, who in enumerate(INTERVIEWERS):  # two hours apart for the candidate, each typed in their own zone
                self.click(who, dm(who), iv.SET_TIME)
                when = (start + timedelta(hours=2 * n)).astimezone(ZoneInfo(PEOPLE[who][1])).strftime("%Y-%m-%dT%H:%M")
                self.submit(who, {iv.WHEN: when, iv.DURATION: "60"})

        def later(_):
            d.advance("day")  # past the interviews; then reminder by reminder until every scorecard is asked for
            for _ in range(30):
                if all(self.has(dm(who), iv.OPEN_SCORECARD) for who in INTERVIEWERS):
                    return
                d.advance("next")
            raise TourError("the scorecard prompts did not all arrive")

        def scorecards(_):
            for who, stage in zip(INTERVIEWERS, STAGES, strict=True):
                self.click(who, dm(who), iv.OPEN_SCORECARD)
                ratings = {iv.RATING_PREFIX + c: "4" for c in playbook.stage(stage).competencies}
                self.submit(who, ratings | {iv.RECOMMENDATION: "strong_yes", iv.FLAGS: []})

        def hire(_):
            self.click(HM, HIRING, iv.HIRE)
            self.submit(HM, {iv.RATIONALE: "Strong on every competency; clear about trade-offs."})

        def onboarding(_):
            self.click(HM, dm(HM), iv.START_ONBOARDING)
            view = self.modal(HM)
            start = (d.clock.now + timedelta(days=7)).date().isoformat()
            values = {
                ob.NEW_HIRE: NEW_HIRE,
                ob.MANAGER: HM,
                ob.BUDDY: INTERVIEWERS[2],
                ob.START_DATE: start,
                ob.SPECIALIZATION: "nlp",
                ob.CHANNEL: "C0MLONBOARD",
            }
            ids_ = {b.get("block_id") for b in view["blocks"]}
            self.submit(HM, {k: v for k, v in values.items() if k in ids_})

        def day30(_):
            for _ in range(45):
                d.advance("day")
                if any("check-in" in _text(m).lower() for (c, _), m in d.double.messages.items() if c == dm(NEW_HIRE)):
                    return
            raise TourError("no day-30 check-in reached the new hire")

        return [
            Step(HM, "opens a requisition with /ml-req and submits the intake", intake),
            Step(HEAD, "approves it from the DM", approve),
            Step(HM, "keeps three interview stages in the plan, the essential ones among them", plan),
            Step(HM, "adds a candidate with /ml-candidate", candidate),
            Step(HM, "assigns one interviewer per stage, in three time zones", assign),
            Step(INTERVIEWERS[0], "and the other interviewers set their interview times", times),
            Step(HM, "waits until the interviews are over (the clock moves, reminders run)", later),
            Step(INTERVIEWERS[0], "and the others fill in their scorecards", scorecards),
            Step(HM, "reads the debrief and decides Hire", hire),
            Step(HM, "starts the new hire's onboarding", onboarding),
            Step(NEW_HIRE, "gets the day-30 check-in", day30),
        ]

    # --- running --------------------------------------------------------------------------------------------
    def step(self) -> list[str]:
        """Run the next step; returns the transcript lines it produced."""
        if self.done >= len(self.steps):
            return []
        s = self.steps[self.done]
        self.done += 1
        self.current_who, self.current_where = s.who, None
        lines = [f"{self.done}. {PEOPLE[s.who][0]} ({PEOPLE[s.who][2]}) {s.title}"]
        s.run(self.demo)
        for (channel, ts), m in sorted(self.demo.double.messages.items(), key=lambda kv: float(kv[0][1])):
            if (channel, ts) in self.seen:
                continue
            self.seen.add((channel, ts))
            self.current_where = channel  # the page follows the step to its last result
            if channel.startswith("D") and "U" + channel[1:] in PEOPLE:
                self.current_who = "U" + channel[1:]  # a DM is seen by its owner
            where = f"#{self.demo_channel(channel)}" if channel.startswith("C") else f"{self.dm_owner(channel)}'s DM"
            lines.append(f"   {where}: {_text(m)}")
        for line in lines:
            self.out(line)
        return lines

    def run(self) -> list[str]:
        lines = []
        while self.done < len(self.steps):
            lines += self.step()
        self.out(f"Tour done at {self.demo.clock.now:%a %d %b %Y %H:%M} UTC.")
        return lines

    @staticmethod
    def demo_channel(channel: str) -> str:
        return CHANNELS.get(channel, channel)

    @staticmethod
    def dm_owner(channel: str) -> str:
        user = "U" + channel[1:]
        return PEOPLE.get(user, (user,))[0]
