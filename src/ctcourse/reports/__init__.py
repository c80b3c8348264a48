"""Cohort reports for trainers: progress, item statistics, distractors, learning gain, time on
task and certificates (both grade exports, CSV and Moodle, are :mod:`ctcourse.grading.export`).

The statistics modules (``itemstats``, ``distractors``, ``gain``, ``timing``, ``progress``,
``guess``, ``flags``) are pure functions of plain data; ``gradebook_data`` and ``logs_data``
read nbgrader's gradebook and the responses logs; ``build`` ties them into one HTML report
with CSV tables.
"""
