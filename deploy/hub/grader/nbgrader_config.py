"""nbgrader in the formgrader (the grader account's server): the course folder's own config, and a collect that only
takes each trainee's own submissions (``ctcourse.hub.exchange.OwnerCheckedCollect``)."""

import os
from pathlib import Path

from ctcourse.nbgrader_settings import configure

c = get_config()  # provided by nbgrader
configure(c, Path(os.environ["CTCOURSE_ROOT"]), os.environ)
c.ExchangeFactory.collect = "ctcourse.hub.exchange.OwnerCheckedCollect"
