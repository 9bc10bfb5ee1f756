"""Loads every `knowledge/data/therapy/*` table and compiles the rules once per knowledge base."""

from __future__ import annotations

import threading

from oncotailor.errors import KnowledgeError
from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.knowledge.schemas.therapy import NoTargetedOption, TherapyRule
from oncotailor.therapy.gene_tables import ROLES_TABLE, GeneRole, gene_roles
from oncotailor.therapy.rules import CompiledRules, compile_rules

NO_OPTION = "no_targeted_option"
_LOCK = threading.Lock()
_COMPILED: dict[tuple[int, ...], tuple[list[object], CompiledRules]] = {}


def rule_tables(kb: KnowledgeBase) -> list[str]:
    return [n for n in kb.all_tables() if n.startswith("therapy/") and n != f"therapy/{NO_OPTION}"]


def therapy_rules(kb: KnowledgeBase) -> list[TherapyRule]:
    """All rules of all therapy tables; a rule id used twice is a knowledge error."""
    out: list[TherapyRule] = []
    seen: dict[str, str] = {}
    for name in rule_tables(kb):
        for rule in kb.table(name, TherapyRule):
            if rule.id in seen:
                raise KnowledgeError(f"therapy rule id '{rule.id}' appears in {seen[rule.id]} and {name}")
            seen[rule.id] = name
            out.append(rule)
    return out


def no_targeted_options(kb: KnowledgeBase) -> list[NoTargetedOption]:
    name = f"therapy/{NO_OPTION}"
    return kb.table(name, NoTargetedOption) if kb.exists(name) else []


def compiled(kb: KnowledgeBase) -> CompiledRules:
    """The compiled rules; cached on the identity of the (cached, shared) tables the knowledge base returned."""
    lists: list[object] = [kb.table(n, TherapyRule) for n in rule_tables(kb)]
    if kb.exists(ROLES_TABLE):
        lists.append(kb.table(ROLES_TABLE, GeneRole))
    key = tuple(id(x) for x in lists)
    with _LOCK:
        hit = _COMPILED.get(key)
        if hit is not None:
            return hit[1]
    result = compile_rules(therapy_rules(kb), gene_roles(kb))
    with _LOCK:
        if len(_COMPILED) > 16:
            _COMPILED.clear()
        _COMPILED[key] = (lists, result)  # holding `lists` keeps the ids valid while cached
    return result
