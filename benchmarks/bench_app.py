"""Play speed of the network app (``crmsim viz``) at classroom size.

Runs one browser tab's work without the browser (:class:`AppSession`: the
Mesa model, the charts every frame, the network every fourth frame) and
reports weeks per second of *Play* for several "weeks per frame" settings,
and the time of one frame. Usage::

    python benchmarks/bench_app.py [--customers 2000] [--seconds 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--intervals", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)

    from crmsim.presentation.app import NETWORK_EVERY, AppSession

    start = time.perf_counter()
    session = AppSession(args.lang, {"n_customers": args.customers})
    setup = time.perf_counter() - start
    print(
        f"network app, {args.customers:,} customers, network redrawn every "
        f"{NETWORK_EVERY} frames; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores; new model + layout + first frame {setup:.1f} s\n"
    )
    print("| weeks per frame | weeks/s | median frame |\n|---:|---:|---:|")
    for interval in args.intervals:
        session = AppSession(args.lang, {"n_customers": args.customers})
        frames, t0 = [], time.perf_counter()
        while time.perf_counter() - t0 < args.seconds and not session.finished:
            t = time.perf_counter()
            session.advance(interval)
            frames.append(time.perf_counter() - t)
        weeks = session.model.steps
        print(
            f"| {interval} | {weeks / sum(frames):.1f} | "
            f"{statistics.median(frames):.2f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
