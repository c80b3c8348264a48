"""Quiz questions: the pure model and scoring, the responses log, UI strings, and widget views.

Importing this package (or ``model``, ``scoring``, ``responses``, ``strings``) never imports
ipywidgets; notebooks use ``ctcourse.quiz.notebook``, the thin widget layer.
"""
