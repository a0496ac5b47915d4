"""Signal rules: overdue, silent, slipped and a suggested RAG, each with its reason."""
