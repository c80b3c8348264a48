"""The exceptions ctcourse raises, in one hierarchy.

    CtcourseError                 every error meant for a person; the CLI prints it as one line
    ├── CourseError               the manifest, the course layout or a notebook is wrong
    │   └── QuestionError         a question definition is invalid (bad id, options, key, points)
    ├── ResponsesError            a responses log cannot be read or written
    ├── ReleaseError              generating student versions failed, or a key would leak
    ├── GradingError              autograding or exporting could not proceed
    ├── HubError                  a training centre's hub cannot be set up or run safely
    └── CaseDataError             a case-data file is malformed (names the column and row)
        └── DisclosureError       a table or export would reveal a cell below k

Messages name *where* (file, cell, column, row) and *what*; they never carry a traceback.
"""

from __future__ import annotations


class CtcourseError(Exception):
    """Base class of every error ctcourse reports to a person."""


class CourseError(CtcourseError):
    """The course manifest, layout or a notebook is not what ctcourse expects."""


class QuestionError(CourseError):
    """A question definition is invalid."""


class ResponsesError(CtcourseError):
    """A responses log cannot be read or written."""


class ReleaseError(CtcourseError):
    """Generating student versions failed, or a graded key would reach trainees."""


class GradingError(CtcourseError):
    """Autograding, scoring or exporting could not proceed."""


class HubError(CtcourseError):
    """The hub's folders, Unix accounts or limits cannot be set up safely."""


class CaseDataError(CtcourseError):
    """A case-data file does not follow the CTDC schema."""


class DisclosureError(CaseDataError):
    """A table or export would disclose a group smaller than k."""
