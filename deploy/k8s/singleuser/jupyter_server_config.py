"""Jupyter server settings in every pod: formgrader only in trainers' servers.

Trainers open formgrader at /user/<name>/formgrader, or in its Lab tab, which this server allows
to frame its own pages; trainees' servers do not load the formgrader extension at all.
"""

import os

c = get_config()  # noqa: F821 (provided by Jupyter)
if os.environ.get("CTCOURSE_ROLE") == "trainer":
    c.ServerApp.tornado_settings = {
        "headers": {"Content-Security-Policy": "frame-ancestors 'self'"}
    }
else:
    c.ServerApp.jpserver_extensions.update(
        {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.course_list": False,
        }
    )
