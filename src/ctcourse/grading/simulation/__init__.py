"""Synthetic cohorts for demos, tests and benchmarks, and the catalogue of attacks they may carry.

Nothing here defends anything: :mod:`.cohort` writes invented trainees' submissions and
:mod:`.tamper` lists the ways a trainee might try to forge a grade, so the grader can be
tested against them.
"""
