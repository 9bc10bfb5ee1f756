"""Versioned, cited, schema-checked knowledge tables."""

from oncotailor.knowledge.base import CitedRow, KnowledgeBase, TableMeta, default_kb

__all__ = ["CitedRow", "KnowledgeBase", "TableMeta", "default_kb"]
