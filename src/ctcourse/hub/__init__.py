"""A training centre's JupyterHub on one Linux machine: layout, Unix accounts, memory limits,
the spawner, sign-up and approval (``authenticator``, ``first_passwords``), the trainees'
private exchange submissions and the course preparation.

``deploy/hub/jupyterhub_config.py`` is the hub's configuration; it reads everything it needs
from here. Modules that import JupyterHub or NativeAuthenticator (``spawner``,
``authenticator``) are only imported by the hub itself, so the rest of ctcourse never needs the
``hub`` extra.
"""
