"""`python -m bot demo`: the real bot in a local, browsable Slack-like workspace (no Slack, no tokens).

`run` starts the double, the bot and the page's server on 127.0.0.1; `--tour` plays the whole loop and
prints what each person saw; `--fresh` starts over (the database and the Slack side are kept otherwise).
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

LINE = "Demo workspace at {url} — Ctrl-C to stop"


def run(*, fresh: bool = False, tour: bool = False, port: int = 8765, folder: Path) -> int:
    from devtools.demo.server import serve
    from devtools.demo.tour import Tour, TourError
    from devtools.demo.workspace import Demo

    logging.basicConfig(level=logging.CRITICAL)  # the page shows what matters; the bot's JSON logs would drown it
    demo = Demo(folder, fresh=fresh)
    try:
        if tour:
            try:
                Tour(demo).run()
            except TourError as exc:
                print(f"The tour stopped: {exc}")
                return 1
            return 0
        signal.signal(signal.SIGTERM, _stop)  # a plain kill stops it like Ctrl-C: the workspace is saved
        url, server = serve(demo, port)
        print(LINE.format(url=url), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
        return 0
    finally:
        demo.close()


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt
