"""``python -m ctcourse.desk``: serve the trainer's desk as a JupyterHub service."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from tornado.ioloop import IOLoop

from ctcourse.course import load_course
from ctcourse.desk.app import make_app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctcourse.desk", description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="the course folder")
    parser.add_argument("--formgrader", required=True, help="the grader account (its server)")
    parser.add_argument(
        "--homes", default=None, help="each trainee's home folder, e.g. '/home/{trainee}'"
    )
    args = parser.parse_args(argv)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app(load_course(args.root), dict(os.environ), args.formgrader, args.homes)
    app.listen(url.port or 80, url.hostname or "127.0.0.1")
    IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
