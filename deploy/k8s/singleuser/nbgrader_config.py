"""nbgrader in every pod of the Kubernetes deployment (installed in /usr/local/etc/jupyter).

Trainees: the shared exchange volume, modules fetched into the home folder, private
submissions; the student id is the hub user (pods do not run as a named Unix account).
Trainers (CTCOURSE_ROLE=trainer): the course on the course volume, gradebook in PostgreSQL
through CTCOURSE_DB_URL (ctcourse.nbgrader_settings).
"""

import os
from pathlib import Path

c = get_config()  # provided by nbgrader
if os.environ.get("CTCOURSE_ROLE") == "trainer":
    from ctcourse.nbgrader_settings import configure

    configure(c, Path(os.environ["CTCOURSE_ROOT"]), os.environ)
    # Trainers share group 2000: nbgrader then expects (and keeps) the group modes that
    # deploy/k8s/exchange-init.sh gives the exchange (inbound 2773, outbound 2775, feedback 2771).
    c.CourseDirectory.groupshared = True
    # Pods run as numeric uids with no account names: the course's one collector (CourseCollect)
    # keeps its id, link and time checks, but cannot tell a trainee's folder by its Unix owner.
    c.CourseCollect.owner_accounts = False
else:
    c.CourseDirectory.course_id = "ctcourse"
    c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "")
    c.Exchange.root = os.environ["CTCOURSE_EXCHANGE"]
    c.Exchange.path_includes_course = False
    c.Exchange.assignment_dir = os.path.expanduser("~")
    c.ExchangeFactory.submit = "ctcourse.hub.exchange.PrivateSubmit"
