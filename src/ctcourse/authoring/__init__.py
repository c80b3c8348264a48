"""Course authoring: validate the course, and release student versions through nbgrader."""
