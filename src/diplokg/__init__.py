"""diplokg: a knowledge graph of who does what to whom in diplomacy, built from analysis articles."""

__version__ = "0.1.0"
