"""The reader endpoint: view counts, star ratings, visitor statistics and search."""
