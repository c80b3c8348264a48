"""nbgrader on a trainee's (or trainer's own) server: the course's exchange, fetched into home.

The Assignment List reloads this file from the assignment folder on every request, so every
setting here is absolute. Submissions are closed to everyone but their author and the grader
(``ctcourse.hub.exchange.PrivateSubmit``); the student id is the Unix account, which is the
hub user name.
"""

import os

c = get_config()  # provided by nbgrader
c.CourseDirectory.course_id = os.environ["CTCOURSE_COURSE_ID"]
c.Exchange.root = os.environ["CTCOURSE_EXCHANGE"]
c.Exchange.path_includes_course = False
c.Exchange.assignment_dir = os.path.expanduser("~")
c.ExchangeFactory.submit = "ctcourse.hub.exchange.PrivateSubmit"
