"""The trainer's desk: one page on the hub (``/services/ctcourse-desk/``, trainers only) with the
cohort's progress, the written answers waiting for a grade, the report, exports and certificates.
"""
