"""nbval collection for the notebooks folder.

``notebooks/src`` holds the one-source chapters (both languages, the
solutions, no stored outputs); the editions built from them (``zh/``,
``en/``, ``solutions/``) are what nbval checks, so the sources are skipped.
"""

collect_ignore = ["src"]
