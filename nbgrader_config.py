"""nbgrader configuration of the ctcourse course (read by nbgrader, JupyterLab and `ctcourse`).

The gradebook is SQLite beside this file unless CTCOURSE_DB_URL names another database
(PostgreSQL: ``postgresql+psycopg://user:password@host:5432/gradebook``). The exchange lives
in ``exchange/`` beside this file unless CTCOURSE_EXCHANGE names a shared one (JupyterHub).
"""

import os
from pathlib import Path

from ctcourse.nbgrader_settings import configure

c = get_config()  # provided by traitlets when nbgrader loads this file
configure(c, Path(__file__).resolve().parent, os.environ)
