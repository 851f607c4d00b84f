"""akhbar (اخبار): an open-source Urdu news desk."""

from akhbar.errors import AkhbarError, InputError
from akhbar.model import (
    Article,
    Entity,
    Item,
    Keyword,
    Language,
    Marker,
    Member,
    Quote,
    Source,
    Span,
    Story,
    Topic,
)

__all__ = [
    "AkhbarError",
    "Article",
    "Entity",
    "InputError",
    "Item",
    "Keyword",
    "Language",
    "Marker",
    "Member",
    "Quote",
    "Source",
    "Span",
    "Story",
    "Topic",
]
__version__ = "0.1.0"
