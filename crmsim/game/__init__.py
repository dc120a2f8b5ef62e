"""The classroom market game: student teams run rival firms in one market.

``crmsim game new`` / ``crmsim game serve`` (:mod:`crmsim.cli.game`) run it;
the parts, each with one job:

- :mod:`~crmsim.game.decisions`: a team's decisions, their ranges and checks;
- :mod:`~crmsim.game.market`: the K-firm market, and how money becomes a firm;
- :mod:`~crmsim.game.rivals`: computer-played rivals with fixed strategies;
- :mod:`~crmsim.game.store`: the SQLite database (atomic, resumable);
- :mod:`~crmsim.game.service`: the game's rules: create, join, submit, run, report;
- :mod:`~crmsim.game.figures`: a team's figure and the market's;
- :mod:`~crmsim.game.server`: the JSON API and the pages (Starlette);
- :mod:`~crmsim.game.text`: every word, in Chinese and English.
"""

__all__: list[str] = []
