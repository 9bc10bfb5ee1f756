"""Normalising names: genes (HGNC), alterations (HGVS and report shorthand), tumor types (OncoTree), drugs."""
