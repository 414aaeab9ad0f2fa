"""`python -m bot demo`: the real bot in a local, browsable Slack-like workspace (no Slack, no tokens).

`run` starts the double, the bot and the page's server on 127.0.0.1; `--tour` plays the whole loop and
prints what each person saw; `--fresh` starts over (the database and the Slack side are kept otherwise).
"""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

from bot.signals import hold_stop_signals, wait_for_stop

LINE = "Demo workspace at {url} — Ctrl-C to stop"


def run(*, fresh: bool = False, tour: bool = False, port: int = 8765, folder: Path) -> int:
    from devtools.demo.server import serve
    from devtools.demo.tour import Tour, TourError
    from devtools.demo.workspace import Demo

    logging.basicConfig(level=logging.CRITICAL)  # the page shows what matters; the bot's JSON logs would drown it
    if not tour:
        if (busy := port_in_use(port)) is not None:
            print(f"error: port {port} is in use ({busy}): another demo may be running; try --port 0", file=sys.stderr)
            return 2
        hold_stop_signals()  # before the workspace starts its threads: see bot.signals
    demo = Demo(folder, fresh=fresh)
    try:
        if tour:
            try:
                Tour(demo).run()
            except TourError as exc:
                print(f"The tour stopped: {exc}")
                return 1
            return 0
        url, server = serve(demo, port)
        print(LINE.format(url=url), flush=True)
        try:
            wait_for_stop()  # Ctrl-C or a plain kill: the workspace is saved
        finally:
            server.shutdown()
        return 0
    finally:
        demo.close()


def port_in_use(port: int) -> str | None:
    """Why 127.0.0.1:`port` cannot be served (checked before the workspace's database is opened: a second demo
    on the same folder would otherwise wait on the first one's database lock), or None."""
    if port == 0:
        return None
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None
