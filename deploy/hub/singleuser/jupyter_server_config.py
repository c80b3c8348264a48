"""Jupyter server settings of every person's server on the hub (JUPYTER_CONFIG_PATH points here).

JupyterLab's default settings (the interface language follows the course) come from the
folder the hub names in CTCOURSE_LAB_SETTINGS.
"""

import os

c = get_config()  # noqa: F821 (provided by Jupyter)
if os.environ.get("CTCOURSE_LAB_SETTINGS"):
    c.LabApp.app_settings_dir = os.environ["CTCOURSE_LAB_SETTINGS"]
