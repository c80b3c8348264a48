"""Grading on submit: a long-running part of the deployment that collects, grades and returns
each new submission, with feedback and certificates by the course's policy.

``queue`` and ``policy`` are pure (state machine and rules); ``journal`` keeps the queue on disk;
``steps`` drives nbgrader and ctcourse; ``service`` is the loop (``python -m
ctcourse.autograder_service``).
"""
