"""The review report: source and translation side by side, every flag visible, as static HTML.

:func:`collect_review` reads a site (states, cleaned sources, translation files, the
translation memory) into a :class:`~.model.SiteReview`; :func:`write_review` writes it as
pages that open from ``file://`` with no server, no network and no script but the report's own.
"""

from __future__ import annotations

from .collect import collect_review
from .model import Flag, PostReview, Row, SiteReview
from .render import write_review

__all__ = ["Flag", "PostReview", "Row", "SiteReview", "collect_review", "write_review"]
