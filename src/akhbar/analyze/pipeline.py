"""The full analysis chain: entities, quotes, claims, topic, keywords, summary.

Models and word lists are read once by ``load_resources`` and passed to the stages;
``default_pipeline`` builds the checked ``Pipeline``; ``analyze_text`` is the shortcut
for one text (first line the title when there are several lines).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from akhbar.analyze.claims import ClaimStage
from akhbar.analyze.keywords import KeywordResources, KeywordStage, load_stopwords
from akhbar.analyze.quotes import QuoteResources, QuoteStage
from akhbar.analyze.stage import Pipeline, Stage
from akhbar.analyze.summarize import SummaryOptions, SummaryStage
from akhbar.analyze.topics import TopicModel, TopicStage, load_model
from akhbar.errors import ModelError
from akhbar.model import Article, Item
from akhbar.text import normalize

#: Longest text analysed in full; the rest of a longer one is skipped with a note.
MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the stages load from disk, loaded once."""

    topics: TopicModel | None
    keywords: KeywordResources
    quotes: QuoteResources
    summary: SummaryOptions
    entity_stage: Stage | None = None
    problems: tuple[str, ...] = ()


def _places() -> frozenset[str]:
    """Country and territory names in Urdu (CLDR via Babel), as display forms."""
    try:
        from babel import Locale

        names = Locale.parse("ur").territories.values()
    except Exception:
        return frozenset()
    words: set[str] = set()
    for name in names:
        words.update(normalize.display(name).split())
    return frozenset(w for w in words if len(w) > 2)


def _entity_stage() -> tuple[Stage | None, str | None]:
    """The entity stage (its tagger read now), or the reason it is missing."""
    try:
        from akhbar.analyze.entities import load_entity_stage

        return load_entity_stage(), None
    except Exception as exc:  # a missing or broken model must not stop the other stages
        return None, f"entities: {type(exc).__name__}: {exc}"[:300]


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Read the shipped models and lists once (problems are recorded, not raised)."""
    problems: list[str] = []
    topics: TopicModel | None
    try:
        topics = load_model()
    except ModelError as exc:
        topics = None
        problems.append(f"topic: {exc}")
    stopwords = load_stopwords()
    idf: dict[str, float] = {}
    if topics is not None:
        for feat, j in topics.vocabulary.items():
            if feat.startswith("w "):
                idf[feat[2:]] = float(topics.idf[j])
    default_idf = max(idf.values(), default=8.0)
    fold_cache: dict[str, str] = {}  # word → search key, shared by keywords and summary
    entity_stage, problem = _entity_stage()
    if problem:
        problems.append(problem)
    return Resources(
        topics=topics,
        keywords=KeywordResources(stopwords, idf, default_idf, fold_cache),
        quotes=QuoteResources(places=_places()),
        summary=SummaryOptions(
            k=2, stopwords=stopwords, idf=idf, default_idf=default_idf, fold_cache=fold_cache
        ),
        entity_stage=entity_stage,
        problems=tuple(problems),
    )


@dataclass(slots=True)
class Guard:
    """Notes a language other than Urdu and cuts an over-long text (first stage)."""

    max_chars: int = MAX_CHARS
    problems: tuple[str, ...] = ()
    name: str = "guard"
    requires: frozenset[str] = frozenset({"text", "language"})
    assigns: frozenset[str] = frozenset({"notes", "text", "sentences", "tokens"})

    def __call__(self, article: Article) -> Article:
        notes = [*article.notes, *self.problems]
        if not article.text.strip():
            notes.append("guard: empty text, nothing to analyze")
        lang = article.language
        if lang is not None and lang.code not in ("ur", "und") and article.text.strip():
            notes.append(f"guard: language {lang.code!r}; the analysis rules are for Urdu")
        if len(article.text) > self.max_chars:
            cut = article.text.rfind("\n", 0, self.max_chars)
            cut = cut if cut > article.title_end else self.max_chars
            notes.append(f"guard: text of {len(article.text)} chars analysed up to {cut}")
            article = dataclasses.replace(
                article,
                text=article.text[:cut],
                sentences=tuple(s for s in article.sentences if s.end <= cut),
                tokens=tuple(t for t in article.tokens if t.end <= cut),
            )
        if len(notes) == len(article.notes):
            return article
        return dataclasses.replace(article, notes=tuple(notes))


def default_pipeline(resources: Resources | None = None) -> Pipeline:
    """Guard, entities (when available), quotes, claims, topic, keywords, summary."""
    res = resources or load_resources()
    stages: list[Stage] = [Guard(problems=res.problems)]
    if res.entity_stage is not None:
        stages.append(res.entity_stage)
    stages += [QuoteStage(res.quotes), ClaimStage()]
    if res.topics is not None:
        stages.append(TopicStage(res.topics))
    stages += [KeywordStage(res.keywords), SummaryStage(res.summary)]
    return Pipeline(stages)


def analyze_text(text: str, title: str = "", resources: Resources | None = None) -> Article:
    """Analyze one text; without ``title`` its first line is the title (a headline alone
    when it has one line)."""
    if not title:
        head, _, body = text.strip().partition("\n")
        title, text = head, body
    return default_pipeline(resources)(Item(source="text", uid="text", title=title, text=text))
