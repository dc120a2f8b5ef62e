"""INTERIM, to be deleted when the K-firm market lands: one one-firm engine per firm."""

from __future__ import annotations

import pandas as pd

from crmsim.model import week
from crmsim.model.market import market_constants
from crmsim.model.vector import VectorModel


class SeparateFirms:
    def __init__(self, scenario, seed):
        self.names = [f["name"] for f in scenario.firms]
        n = len(self.names)
        each = scenario.replace(n_customers=max(10, scenario.n_customers // n))
        self.models = [VectorModel(each, rng=[seed, k]) for k in range(n)]
        self.n_firms = n
        self.firm_names = tuple(self.names)

    @property
    def steps(self):
        return self.models[0].steps

    def set_firm(self, k, **changes):
        m = self.models[k]
        p = m.state.params.replace(**changes)
        m.params = m.state.params = p
        m.state.k = market_constants(p)
        m._best = week.best_conversion_chance(m.state)

    def step(self):
        for m in self.models:
            m.step()

    def firm_weekly_table(self):
        frames = []
        for k, m in enumerate(self.models):
            w = m.weekly_table().copy()
            w.insert(1, "firm", k)
            w["acquired"] = w["new"]
            w["lost"] = w["churned_week"]
            c = m.customer_table()
            w["customer_equity"] = float(c["realised_value"].clip(lower=0).sum())
            frames.append(w)
        t = pd.concat(frames, ignore_index=True)
        total = t.groupby("week")["customers"].transform("sum")
        t["market_share"] = t["customers"] / total.where(total > 0, 1)
        return t.sort_values(["week", "firm"]).reset_index(drop=True)

    def customer_table(self):
        frames = []
        for k, m in enumerate(self.models):
            c = m.customer_table().copy()
            c["customer"] = c["customer"] + k * 10**7
            c["firm"] = k
            frames.append(c)
        return pd.concat(frames, ignore_index=True)
