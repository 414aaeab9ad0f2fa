"""The table of reminder kinds the worker is handed when a process starts: for each kind by name, what
loads a batch's subjects (the flow's `NudgeKind`) and what words and blocks it becomes (the ui's
builder), with the Snooze/Stop controls every reminder carries. The worker knows no flow and no ui:
it asks this table. Built by `bot.runtime.nudge_table`; a kind without a message is refused there,
at start, not at the first reminder of that kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.models import Nudge
from bot.nudges.kinds import NudgeKind, Rendered
from bot.nudges.timing import intended
from bot.playbook import Playbook

Builder = Callable[..., tuple[str, list[dict]]]
Controls = Callable[[Rendered, Nudge, NudgeKind], Rendered]


@dataclass(frozen=True)
class KindTable:
    kinds: Mapping[str, NudgeKind]
    builders: Mapping[str, Builder]
    controls: Controls

    def __post_init__(self) -> None:
        if missing := sorted(set(self.kinds) - set(self.builders)):
            raise ValueError(f"reminder kinds without a message builder: {', '.join(missing)}")

    def __contains__(self, name: object) -> bool:
        return name in self.kinds

    def __getitem__(self, name: str) -> NudgeKind:
        return self.kinds[name]

    def render(self, session: Session, playbook: Playbook, name: str, batch: list[Nudge]) -> dict[int, Rendered]:
        """Each reminder of kind `name` in `batch` whose subject still exists, as the message it sends."""
        loaded = self.kinds[name].load(session, playbook, batch)
        build = self.builders[name]
        return {nudge_id: Rendered(*build(*about.args)) for nudge_id, about in loaded.items()}

    def with_controls(self, rendered: Rendered, nudge: Nudge) -> Rendered:
        return self.controls(rendered, nudge, self.kinds[nudge.kind])

    def stale(
        self, session: Session, playbook: Playbook, name: str, batch: list[Nudge], now: datetime
    ) -> dict[int, str]:
        """{nudge id: why} for reminders of kind `name` that no longer make sense: superseded, or too late."""
        kind = self.kinds[name]
        out = kind.superseded(session, playbook, batch, now) if kind.superseded is not None else {}
        if kind.max_late is not None:
            for n in batch:
                if n.id not in out and now - intended(n, ZoneInfo(n.local_tz)) > kind.max_late:
                    out[n.id] = f"more than {kind.max_late.days} days past due (the clock was down)"
        return out
