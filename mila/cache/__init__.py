"""Caching, in four small modules (docs/decisions/007-page-cache.md says why each layer is kept):

- `scope`: what every key carries (release, content generation) and whether this is a preview;
- `remember`: values derived from content (menus, figures, filter choices, home sections);
- `middleware`: whole anonymous pages;
- `purge`: which changes replace the generation, and the URLs a CDN is told about.

Apps import the names below from `mila.cache`.
"""

from .purge import affected_urls, draft_only, is_content, purge_frontend
from .remember import remembered, remembered_html
from .scope import generation, purge_after_change, purge_all, purge_content

__all__ = [
    "affected_urls",
    "draft_only",
    "generation",
    "is_content",
    "purge_after_change",
    "purge_all",
    "purge_content",
    "purge_frontend",
    "remembered",
    "remembered_html",
]
