"""The one exception the upload layer raises, worded for the learner who added the file."""

from __future__ import annotations


class UploadError(Exception):
    """Something a learner added that cannot become a document.

    ``message`` is shown as is on the add page, so it says what was wrong and
    what to do, never a library's internal wording. Nothing has been written
    when this is raised: the upload layer has no database.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
