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

    def contacts_of(self, people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every contact of each of ``people``, in order: ``(owner, contact)``.

        ``owner`` is the position in ``people`` of the person whose contact it
        is, so ``people[owner]`` knows ``contact``.
        """
        start = self.indptr[people]
        deg = self.indptr[people + 1] - start
        owner = np.repeat(np.arange(people.size), deg)
        offsets = np.arange(owner.size) - np.repeat(np.cumsum(deg) - deg, deg)
        return owner, self.indices[np.repeat(start, deg) + offsets]

    @classmethod
    def side_by_side(cls, networks) -> SocialNetwork:
        """Several networks as one, person numbers shifted, none linked to another.

        Person ``i`` of the ``r``-th network is person ``i + offset`` here,
        ``offset`` the people of the networks before it (a stacked sweep's
        runs share one state, each with its own block of people).
        """
        networks = list(networks)
        sizes = np.array([net.n for net in networks], dtype=np.int64)
        first = np.r_[0, np.cumsum(sizes)[:-1]]
        ends = np.cumsum([net.indices.size for net in networks])
        edge_first = np.r_[0, ends[:-1]]
        idx_type = np.int32 if sizes.sum() < 2**31 - 1 else np.int64
        indptr = np.concatenate(
            [[0]]
            + [net.indptr[1:] + e for net, e in zip(networks, edge_first, strict=True)]
        ).astype(np.int64)
        indices = np.concatenate(
            [np.zeros(0, idx_type)]
            + [
                net.indices.astype(idx_type) + idx_type(o)
                for net, o in zip(networks, first, strict=True)
            ]
        )
        return cls(indptr, indices)

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
    degrees are close to Poisson(``mean_degree``). Each person's contacts are
    sorted.
    """
    m = int(round(n * mean_degree / 2))
    idx_type = np.int32 if n < 2**31 - 1 else np.int64
    if n < 2 or m == 0:
        return SocialNetwork(np.zeros(n + 1, dtype=np.int64), np.zeros(0, idx_type))
    from scipy import sparse

    u = rng.integers(0, n, size=m, dtype=np.int64).astype(idx_type)
    v = rng.integers(0, n, size=m, dtype=np.int64).astype(idx_type)
    loop = u == v
    if loop.any():
        u, v = u[~loop], v[~loop]
    # scipy builds the rows in linear time and merges repeated pairs
    adjacency = sparse.csr_array(
        (
            np.ones(2 * u.size, dtype=np.int8),
            (np.concatenate([u, v]), np.concatenate([v, u])),
        ),
        shape=(n, n),
    )
    adjacency.sum_duplicates()
    return SocialNetwork(
        adjacency.indptr.astype(np.int64), adjacency.indices.astype(idx_type)
    )
