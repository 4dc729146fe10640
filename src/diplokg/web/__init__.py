"""The web face: a static site generated from the build (``diplokg site``) and a local server (``diplokg serve``).

Everything here only reads what ``diplokg build`` wrote to ``dist/``.
"""
