"""What the tests share that is not a fixture: paths, fake Bot API, bot runner, documents, a concept embedder."""
