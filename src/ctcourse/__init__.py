"""ctcourse: a Jupyter e-course on countering trafficking in human beings.

Sub-packages, one job each: ``quiz`` (questions, scoring, widgets, responses log),
``grading`` (answer keys, out-of-kernel scoring, autograde driver, simulation),
``cases`` (CTDC case data, disclosure control, tables, plots), ``cli`` (the command).
"""

__version__ = "0.1.0"
