"""Helping a person encode a new article: registering its source (``add-article``) and a worksheet (``draft``).

The machine does the clerical work (metadata, digests, offsets, known names, candidate act types); a person
decides every fact, with its quote. Nothing here writes a fact into ``data/``.
"""
