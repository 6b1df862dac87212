"""What a learner adds (pasted text, a file, a URL) turned into text plus guessed metadata.

Pure on purpose: no Flask, no database. The add page calls these, shows the
guesses for editing, and only then stores anything; every refusal is an
:class:`UploadError` whose message is shown to the learner as is.
"""

from quizapp.uploads.errors import UploadError
from quizapp.uploads.fetch import FetchPolicy, fetch_url, is_allowed
from quizapp.uploads.files import Extracted, PageSpan, read_paste, read_upload
from quizapp.uploads.limits import MAX_BYTES, MAX_PDF_PAGES
from quizapp.uploads.meta import GuessedMeta, content_hash, guess_meta

__all__ = [
    "MAX_BYTES", "MAX_PDF_PAGES", "Extracted", "FetchPolicy", "GuessedMeta", "PageSpan", "UploadError",
    "content_hash", "fetch_url", "guess_meta", "is_allowed", "read_paste", "read_upload",
]
