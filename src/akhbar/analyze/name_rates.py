"""Name rates: how often unlabelled news puts a word inside a person, place or organisation.

An experimental tagger feature (``training/build_ner_rates.py`` builds
``resources/name_rates.tsv``; ``training/train_ner.py --rates`` trains with it). It did
not beat the shipped model on the development sets, so the file is not shipped and the
entities stage reads it only when it is there.
"""

from __future__ import annotations

from importlib import resources

from akhbar.errors import ModelError

#: Name rates of words over unlabelled news (``training/build_ner_rates.py``).
RATES_FILE = "name_rates.tsv"
#: Bucket edges of a name rate: the feature is the number of edges it reaches.
RATE_EDGES = (0.05, 0.15, 0.35, 0.6)


def parse_rates(text: str) -> dict[str, tuple[float, float, float]]:
    """``key<TAB>person<TAB>place<TAB>organisation<TAB>count`` lines → rates by key."""
    out: dict[str, tuple[float, float, float]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ModelError(f"{RATES_FILE}: expected 5 tab-separated fields")
        try:
            out[parts[0]] = (float(parts[1]), float(parts[2]), float(parts[3]))
        except ValueError as exc:
            raise ModelError(f"{RATES_FILE}: bad rate in {line!r}") from exc
    return out


def rate_features(rates: tuple[float, float, float] | None) -> list[str]:
    """Bucketed name-rate features of one word ("rPER2"), none when it has no rate."""
    if rates is None:
        return []
    out = []
    for kind, rate in zip(("PER", "LOC", "ORG"), rates, strict=True):
        level = sum(rate >= edge for edge in RATE_EDGES)
        if level:
            out.append(f"r{kind}{level}")
    return out


def has_resource(name: str) -> bool:
    """True when ``resources/name`` is shipped with the package."""
    return (resources.files("akhbar.analyze") / "resources" / name).is_file()
