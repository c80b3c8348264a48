"""The formgrader: the grader account's server in the course folder (trainers only, by hub role).

Formgrader's Lab tab is an iframe of the same server; JupyterHub forbids framing by default
(``frame-ancestors 'none'``), so this server allows its own pages to frame it. Trainers read
trainee-written text here (formgrader's submissions, feedback, notebooks opened in Lab), and the
hub shares this server's origin: ``img-src data: blob:`` keeps an image in a written answer from
making the trainer's browser request any address (``![](/hub/...)`` or a tracker elsewhere).
Images a notebook's own outputs show are data: URLs and still display.

Its terminals start in the course folder with ``ctcourse`` on PATH.
"""

CSP = "frame-ancestors 'self'; img-src data: blob:"

c = get_config()  # noqa: F821 (provided by Jupyter)
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": CSP}}
# A terminal here starts in the course folder with the hub's PATH (ctcourse, nbgrader): a login
# shell would reset PATH from /etc/profile and start in the grader's home.
c.ServerApp.terminado_settings = {
    "shell_command": ["/bin/bash", "-c", 'cd "$CTCOURSE_ROOT" && exec /bin/bash -i'],
}
