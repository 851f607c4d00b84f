"""Article → Article stages: entities, quotes, claims, topics, keywords, summaries."""
