"""Statistics over sat papers: item analysis, ranks and percentiles (pure Python)."""
