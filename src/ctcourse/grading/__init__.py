"""Grading: answer keys read from ``source/``, out-of-kernel scoring, the autograde driver."""
