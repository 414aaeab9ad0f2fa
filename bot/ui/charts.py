"""Charts for the reports as PNG bytes, drawn with matplotlib's Agg canvas (no display, no pyplot state, so
safe on any thread). Every chart has a title, axis labels with units, and is sized for Slack's preview:
WIDTH × HEIGHT pixels."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.flows.reports.figures import AT_RISK, LATE, ON_TRACK, STAGE_LABELS, STAGES, StageFigures
from bot.flows.reports.pipeline import Line

DPI = 100
WIDTH, HEIGHT = 1000, 560  # pixels
MAX_BARS = 25  # requisitions drawn in the timeline chart (the longest open first)
COLOURS = {ON_TRACK: "#2e7d32", AT_RISK: "#f9a825", LATE: "#c62828"}


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def funnel_png(totals: StageFigures) -> bytes:
    """Candidates in each stage, across the requisitions in the report."""
    figure = _figure()
    ax = figure.add_subplot()
    labels = [STAGE_LABELS[s] for s in STAGES]
    counts = [totals.counts[s] for s in STAGES]
    bars = ax.bar(labels, counts, color="#1d3b5a")
    ax.bar_label(bars, padding=2, fontsize=11)
    ax.set_title("Candidates by stage (open requisitions)", fontsize=15)
    ax.set_xlabel("Stage", fontsize=12)
    ax.set_ylabel("Candidates (count)", fontsize=12)
    ax.tick_params(labelsize=11)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.15)
    return _png(figure)


def timeline_png(lines: list[Line]) -> bytes:
    """Weeks open since approval per requisition, against its timeline band (shaded low to high end)."""
    shown = sorted(lines, key=lambda line: line.weeks_open, reverse=True)[:MAX_BARS]
    shown.reverse()  # longest open at the top
    figure = _figure()
    ax = figure.add_subplot()
    names = [line.name[:32] for line in shown]
    positions = range(len(shown))
    for y, line in zip(positions, shown, strict=True):
        ax.barh(y, line.high - line.low, left=line.low, height=0.8, color="#d0d7de", zorder=1)
    ax.barh(
        list(positions),
        [line.weeks_open for line in shown],
        height=0.4,
        zorder=2,
        color=[COLOURS[line.timeline] for line in shown],
    )
    ax.set_yticks(list(positions), names, fontsize=9 if len(shown) > 15 else 11)
    more = f" (the {len(shown)} longest open of {len(lines)})" if len(lines) > len(shown) else ""
    ax.set_title(f"Time open against the timeline{more}", fontsize=15)
    ax.set_xlabel("Weeks since approval (grey: the playbook's timeline band)", fontsize=12)
    ax.set_ylabel("Requisition", fontsize=12)
    handles = [Patch(color=c, label=s) for s, c in COLOURS.items()]
    ax.legend(handles=handles, loc="lower right", fontsize=10)
    return _png(figure)
