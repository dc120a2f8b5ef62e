"""The market's social network, built once for both engines.

A random (Erdős-Rényi ``G(n, m)``) graph stored as compressed sparse rows,
so a million people fit in a few hundred megabytes. The Mesa path turns it
into a :class:`mesa.discrete_space.Network`; the vectorised engine uses the
arrays directly. Both therefore simulate word of mouth on graphs drawn from
the same distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SocialNetwork", "random_network"]


@dataclass(frozen=True)
class SocialNetwork:
    """Undirected graph in CSR form.

    ``indices[indptr[i]:indptr[i + 1]]`` are the contacts of person ``i``.
    """

    indptr: np.ndarray
    indices: np.ndarray

    @property
    def n(self) -> int:
        """Number of people."""
        return len(self.indptr) - 1

    @property
    def degree(self) -> np.ndarray:
        """Number of contacts of each person."""
        return np.diff(self.indptr)

    def neighbours(self, i: int) -> np.ndarray:
        """Contacts of person ``i``."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def edges(self) -> np.ndarray:
        """Each undirected edge once, as an ``(m, 2)`` array with ``u < v``."""
        src = np.repeat(np.arange(self.n, dtype=self.indices.dtype), self.degree)
        keep = src < self.indices
        return np.column_stack([src[keep], self.indices[keep]])

    def to_networkx(self):
        """The same graph as a :class:`networkx.Graph` (nodes ``0 … n-1``)."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(self.n))
        graph.add_edges_from(self.edges().tolist())
        return graph


def random_network(
    n: int, mean_degree: float, rng: np.random.Generator
) -> SocialNetwork:
    """Draw a random graph of ``n`` people with about ``mean_degree`` contacts each.

    ``round(n * mean_degree / 2)`` pairs are drawn uniformly; self-loops and
    repeated pairs are dropped (a vanishing share for sparse graphs), so the
    degrees are close to Poisson(``mean_degree``).
    """
    m = int(round(n * mean_degree / 2))
    idx_type = np.int32 if n < 2**31 - 1 else np.int64
    if n < 2 or m == 0:
        return SocialNetwork(np.zeros(n + 1, dtype=np.int64), np.zeros(0, idx_type))
    u = rng.integers(0, n, size=m, dtype=np.int64)
    v = rng.integers(0, n, size=m, dtype=np.int64)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    del u, v
    key = lo * n + hi
    key = np.unique(key[lo != hi])
    lo, hi = (key // n).astype(idx_type), (key % n).astype(idx_type)
    del key
    src = np.concatenate([lo, hi])
    dst = np.concatenate([hi, lo])
    del lo, hi
    order = np.argsort(src, kind="stable")
    indices = dst[order]
    counts = np.bincount(src, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return SocialNetwork(indptr, indices)
