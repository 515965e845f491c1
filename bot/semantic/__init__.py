"""The semantic stage: embedding chunks and questions with a bundled multilingual model."""
