"""The formgrader: the grader account's server in the course folder (trainers only, by hub role).

Formgrader's Lab tab is an iframe of the same server; JupyterHub forbids framing by default
(``frame-ancestors 'none'``), so this server allows its own pages to frame it. Only trainers can
reach this server, and trainee-controlled pages are never served from it.

Its terminals start in the course folder with ``ctcourse`` on PATH.
"""

c = get_config()  # noqa: F821 (provided by Jupyter)
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
# A terminal here starts in the course folder with the hub's PATH (ctcourse, nbgrader): a login
# shell would reset PATH from /etc/profile and start in the grader's home.
c.ServerApp.terminado_settings = {
    "shell_command": ["/bin/bash", "-c", 'cd "$CTCOURSE_ROOT" && exec /bin/bash -i'],
}
