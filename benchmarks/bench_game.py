"""How long the classroom game takes: creating a game, a submission, a round, figures.

A class-sized game: 18 student teams and 2 computer rivals (20 firms, the
most a market holds), 3000 people, 8 weeks a round, the default 52 warm-up
weeks. Prints a JSON record; the README quotes it.

    .venv/bin/python benchmarks/bench_game.py
"""

import json
import os
import statistics
import tempfile
import time

from crmsim.game.service import GameService


def main():
    folder = tempfile.mkdtemp()
    service = GameService(os.path.join(folder, "bench.sqlite"))
    t0 = time.perf_counter()
    made = service.create_game(
        dict(n_teams=18, rivals=["discounter", "builder"], rounds=3, weeks_per_round=8,
             n_customers=3000, seed=1, lang="zh")
    )  # fmt: skip
    create = time.perf_counter() - t0
    boss = service.authenticate(made["instructor_key"])
    teams = [
        service.authenticate(service.join(c["code"])["key"]) for c in made["join_codes"]
    ]
    submits, rounds, figures = [], [], []
    for _ in range(3):
        for k, team in enumerate(teams):
            t = time.perf_counter()
            service.submit(
                team, {"service_quality": 0.6 + 0.01 * k, "expectation_level": 0.5}
            )
            submits.append(time.perf_counter() - t)
        t = time.perf_counter()
        service.run_round(boss)
        rounds.append(time.perf_counter() - t)
        t = time.perf_counter()
        service.figure(teams[0], None, "zh")
        service.figure(boss, None, "zh")
        figures.append((time.perf_counter() - t) / 2)
    print(json.dumps({
        "firms": 20, "people": 3000, "weeks_per_round": 8,
        "create_s": round(create, 2),
        "submit_median_ms": round(1000 * statistics.median(submits), 1),
        "round_s": [round(x, 2) for x in rounds],
        "figure_s_median": round(statistics.median(figures), 2),
        "load_average": os.getloadavg()[0],
    }))  # fmt: skip


if __name__ == "__main__":
    main()
