"""Ranking chunks for a question: BM25 over the index, typed hits, abstention."""
