"""Message catalogs: every patient-facing sentence and question template lives in `i18n/<lang>.yaml`.

Adding a language is adding one YAML file; templates never change. Keys are dotted paths
(``patient.intro``); a key missing from a translation falls back to English, so a partial
translation is always usable. Placeholders are ``{name}`` only (no attribute or index access), so a
catalog cannot reach into Python objects. A parameter value may be a list, its items separated by ``|``;
items that start with ``@`` name other keys (``@relation_plural.sister|@relation_plural.brother``), are
translated, and the items are joined with the catalog's "and".
An entry may be a mapping ``{one: ..., other: ...}``, chosen by the ``count`` parameter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from oncotailor.errors import InputError, InternalError

DEFAULT_LANG = "en"
LIST_SEP = "|"  # separates the items of a list parameter
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

Entry = str | dict[str, str]


def _flatten(node: Any, prefix: str = "") -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    if not isinstance(node, dict):
        return out
    for k, v in node.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict) and set(v) <= {"one", "other"} and v:
            out[key] = {str(a): str(b) for a, b in v.items()}
        elif isinstance(v, dict):
            out.update(_flatten(v, key))
        elif v is not None:
            out[key] = str(v)
    return out


def available_languages() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=16)
def _load(lang: str) -> dict[str, Entry]:
    res = resources.files(__package__) / f"{lang}.yaml"
    if not res.is_file():
        return {}
    return _flatten(yaml.safe_load(res.read_text(encoding="utf-8")) or {})


class Catalog:
    """Translate keys for one language, falling back to English key by key."""

    def __init__(self, lang: str = DEFAULT_LANG) -> None:
        code = (lang or DEFAULT_LANG).strip().replace("_", "-")
        base = code.split("-")[0].lower()
        if not _LANG_RE.match(code) or base not in available_languages():
            raise InputError(f"no messages for language '{code[:20]}'", field="--lang",
                             hint=f"choose one of {', '.join(available_languages())}")
        self.lang = base
        self._own = _load(base)
        self._en = _load(DEFAULT_LANG)

    def has(self, key: str) -> bool:
        return key in self._own or key in self._en

    def is_translated(self, key: str) -> bool:
        return key in self._own

    def raw(self, key: str) -> Entry:
        if key in self._own:
            return self._own[key]
        if key in self._en:
            return self._en[key]
        raise InternalError(f"message key '{key}' is missing from the English catalog")

    def t(self, key: str, **params: object) -> str:
        raw = self.raw(key)
        if isinstance(raw, dict):
            count = params.get("count")
            entry = raw["one"] if count in (1, "1") and "one" in raw else raw.get("other", "")
        else:
            entry = raw
        values = {k: self._value(v) for k, v in params.items()}

        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                raise InternalError(f"message '{key}' needs the parameter '{name}'")
            return values[name]

        return _PLACEHOLDER.sub(sub, str(entry))

    def _value(self, value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value)
        if text.startswith("@") or LIST_SEP in text:
            parts = [self.t(p.strip()[1:]) if p.strip().startswith("@") else p.strip()
                     for p in text.split(LIST_SEP) if p.strip()]
            return self.join(parts)
        return text

    def join(self, parts: list[str]) -> str:
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + f" {self.t('common.and')} " + parts[-1]


def placeholders(text: Entry) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {m for t in texts for m in _PLACEHOLDER.findall(t)}


def catalog_keys(lang: str) -> dict[str, Entry]:
    """Every key a language's own file defines (for tests and the translation check)."""
    return dict(_load(lang))
