"""What user-typed text may be handed to Wagtail's search backend (site search and Living Lab filter)."""

import re

# The SQLite full-text backend wraps each term in "…" without escaping: a double quote or a control
# character (NUL) in the query made FTS5 fail ("unterminated string") and the page answer 500.
FTS_UNSAFE = re.compile(r'["\x00-\x1f\x7f]')


def search_terms(query):
    """The query as handed to the search backend; the page still shows what was typed."""
    return FTS_UNSAFE.sub(" ", query).strip()
