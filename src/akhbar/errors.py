"""One exception tree for akhbar.

AkhbarError
├── InputError        bad input that the caller can fix (broken text, a bad query)
│   └── QueryError    a search query that cannot be turned into a safe query
├── FetchError        a fetch that failed (status, size cap, robots, address guard)
│   └── BlockedAddress  the address guard refused the host
├── ParseError        a feed, page or export that could not be parsed
├── StoreError        the database refused an operation
├── ModelError        a shipped model is missing or corrupt
└── MissingDependency an optional extra is not installed
"""

from __future__ import annotations


class AkhbarError(Exception):
    """Base of every error akhbar raises on purpose."""


class InputError(AkhbarError, ValueError):
    """Input the caller can fix."""


class QueryError(InputError):
    """A search query that cannot be made safe."""


class FetchError(AkhbarError):
    """A fetch that failed, with the reason in the message."""


class BlockedAddress(FetchError):
    """The address guard refused a loopback, private or link-local host."""


class ParseError(AkhbarError):
    """A feed, page or export that could not be parsed."""


class StoreError(AkhbarError):
    """The store refused an operation."""


class ModelError(AkhbarError):
    """A shipped model file is missing or corrupt."""


class MissingDependency(AkhbarError, ImportError):
    """An optional component needs an extra that is not installed."""


def require(module: str, extra: str) -> None:
    """Import ``module`` or raise a MissingDependency naming the extra to install."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(f"{module} is needed here: pip install 'akhbar[{extra}]'") from exc
