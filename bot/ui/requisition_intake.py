"""Block Kit for the requisition intake modal (new, or pre-filled to revise)."""

from __future__ import annotations

from bot.flows.requisition import ids
from bot.playbook import Playbook
from bot.ui.blocks import context, header, input_block, modal, option, plain, prefilled, section


def _select(options: dict[str, str], placeholder: str) -> dict:
    return {
        "type": "static_select",
        "action_id": ids.VALUE,
        "placeholder": plain(placeholder, 150),
        "options": [option(k, v) for k, v in options.items()],
    }


_BLANK: dict[tuple[int, str | None], dict] = {}


def blank_intake_modal(playbook: Playbook, *, default_channel: str | None) -> dict:
    """The new-requisition form: the same for everyone with this playbook and default channel, so it is built
    once per process and reused (nobody changes a view after building it; Slack gets the same bytes)."""
    key = (id(playbook), default_channel)
    if (view := _BLANK.get(key)) is None:
        if len(_BLANK) > 16:  # settings saved with many channels over a process's life: start over
            _BLANK.clear()
        view = _BLANK[key] = intake_modal(playbook, default_channel=default_channel)
    return view


def intake_modal(
    playbook: Playbook,
    *,
    default_channel: str | None,
    current: dict[str, object] | None = None,
    revising: ids.RequisitionRef | None = None,
    number: int | None = None,
) -> dict:
    """The intake form; pre-filled with `current` ({block_id: value}) when `revising` a requisition."""
    pb = playbook
    channel_element: dict = {
        "type": "conversations_select",
        "action_id": ids.VALUE,
        "placeholder": plain("Hiring channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if default_channel:
        channel_element["initial_conversation"] = default_channel
    readiness = [
        input_block(
            ids.readiness_block(q.key),
            q.question,
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": [option("yes", "Yes"), option("no", "No"), option("not_sure", "Not sure")],
            },
        )
        for q in pb.readiness.questions
    ]
    blocks = [
        section(
            "Describe the role; the bot estimates cost and timeline, checks your organisation's "
            "readiness, drafts a job description and asks your approver."
        ),
        input_block(
            ids.SPECIALIZATION,
            "Specialization",
            _select({k: s.label for k, s in pb.specializations.items()}, "Choose a specialization"),
        ),
        input_block(
            ids.LEVEL, "Seniority level", _select({k: v.label for k, v in pb.levels.items()}, "Choose a level")
        ),
        input_block(
            ids.LOCATION, "Location", _select({k: v.label for k, v in pb.locations.items()}, "Choose a location")
        ),
        input_block(ids.HIRING_MODEL, "Hiring model", _select(pb.hiring_models.model_dump(), "Choose a hiring model")),
        input_block(
            ids.HEADCOUNT,
            "Headcount",
            {"type": "plain_text_input", "action_id": ids.VALUE, "placeholder": plain("e.g. 2")},
            hint="How many engineers, from 1 to 50.",
        ),
        input_block(ids.TARGET_START, "Target start date", {"type": "datepicker", "action_id": ids.VALUE}),
        input_block(ids.STAGE, "Project stage", _select(pb.scope.stage, "Experimental or production-grade?")),
        input_block(ids.WORK, "Kind of work", _select(pb.scope.work, "Training, deployment or both?")),
        input_block(ids.MLOPS, "MLOps involvement", _select(pb.scope.mlops, "How much MLOps?")),
        input_block(
            ids.TOOLS,
            "Tools, frameworks and cloud",
            {
                "type": "plain_text_input",
                "action_id": ids.VALUE,
                "multiline": True,
                "placeholder": plain("e.g. PyTorch, MLflow, Kubernetes on AWS"),
            },
            optional=True,
        ),
        input_block(
            ids.DOMAIN,
            "Business domain",
            {
                "type": "plain_text_input",
                "action_id": ids.VALUE,
                "placeholder": plain("e.g. fraud detection in payments"),
            },
            optional=True,
        ),
        input_block(
            ids.APPROVER,
            "Approver",
            {"type": "users_select", "action_id": ids.VALUE, "placeholder": plain("Who approves the headcount?")},
        ),
        input_block(
            ids.CHANNEL,
            "Hiring channel",
            channel_element,
            optional=bool(default_channel),
            hint="Where the requisition is posted and the hiring team follows it.",
        ),
        input_block(
            ids.HAS_SENIOR,
            "Is there a senior ML engineer on the team already?",
            {"type": "radio_buttons", "action_id": ids.VALUE, "options": [option("yes", "Yes"), option("no", "No")]},
            optional=True,
        ),
        input_block(
            ids.REGULATED,
            "Is the domain regulated (health, finance, insurance, government)?",
            {"type": "radio_buttons", "action_id": ids.VALUE, "options": [option("yes", "Yes"), option("no", "No")]},
            optional=True,
        ),
        header("Is the organisation ready?"),
        context(
            "Honest answers save a hire: engineers who join before the data and the problem are "
            "ready spend their first months on those instead of on models."
        ),
        *readiness,
    ]
    if revising is not None:  # the post stays where it is: the channel is not revised
        blocks = [b for b in blocks if b.get("block_id") != ids.CHANNEL]
        blocks[0] = section(
            f"Revising requisition #{number}: the estimate, timeline, readiness and job "
            "description are worked out again, and the approver is asked again."
        )
        return modal(
            ids.REVISE_CALLBACK,
            "Revise requisition",
            prefilled(blocks, current or {}),
            submit="Resubmit",
            private_metadata=revising.dump(),
        )
    return modal(ids.INTAKE_CALLBACK, "New ML requisition", blocks, submit="Submit")
