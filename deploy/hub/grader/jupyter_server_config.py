"""The formgrader: the grader account's server in the course folder (trainers only, by hub role).

Formgrader's Lab tab is an iframe of the same server; JupyterHub forbids framing by default
(``frame-ancestors 'none'``), so this server allows its own pages to frame it. Only trainers can
reach this server, and trainee-controlled pages are never served from it.
"""

c = get_config()  # noqa: F821 (provided by Jupyter)
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
