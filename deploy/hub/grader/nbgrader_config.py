"""nbgrader in the formgrader (the grader account's server): the course folder's own settings,
with the course's one collector (``ctcourse.grading.collect.CourseCollect``), as on the command
line."""

import os
from pathlib import Path

from ctcourse.nbgrader_settings import configure

c = get_config()  # provided by nbgrader
configure(c, Path(os.environ["CTCOURSE_ROOT"]), os.environ)
