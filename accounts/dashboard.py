"""Belajar Saya is owned by accounts, but its panels come from higher apps (courses, later quizzes
and workshops). They register here at start-up, so accounts never imports them.

A panel is a callable ``panel(request) -> dict`` returning ``{"template": ..., "order": ..., **context}``
or ``None`` to show nothing. Each panel must run a constant number of queries.
"""

_panels = []


def register_panel(func):
    _panels.append(func)
    return func


def render_panels(request):
    panels = [panel(request) for panel in _panels]
    return sorted((p for p in panels if p), key=lambda p: p.get("order", 100))
