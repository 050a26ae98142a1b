"""YAML that a person gives (an upload, the editor): read safely, every fault a clear error.

The safe loader builds no Python objects beyond plain data, but it does build dates,
numbers and binary values, and a value it cannot build (``2026-13-45`` read as a date,
``!!int 99x``) raises a ``ValueError`` from deep inside, not a ``yaml.YAMLError``. Callers
that only caught the latter answered such a file with a 500.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UnreadableYaml(ValueError):
    """The text is not YAML, or holds a value YAML cannot read; the message says where or
    which (callers put it after their own "not valid YAML:")."""


def load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise UnreadableYaml(str(exc)) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise UnreadableYaml(f"a value cannot be read: {exc}") from exc
