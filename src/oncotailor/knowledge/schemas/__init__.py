"""Row schemas of the knowledge tables; one module per domain."""
