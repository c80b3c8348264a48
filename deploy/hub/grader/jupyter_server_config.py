"""The formgrader service (the grader account's server, reached by trainers through the hub).

Formgrader's Lab tab is an iframe of the same server; JupyterHub forbids framing by default
(``frame-ancestors 'none'``), so this server allows its own pages to frame it. Only trainers can
reach this service, and trainee-controlled pages are never served from it.
"""

c = get_config()  # noqa: F821 (provided by Jupyter)
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
