"""The most requests any assignment can serve, from a compressed flow network.

Within one skill, the eligible pairs form bicliques: every learner who speaks language ``l``
may meet every sharer of the skill who speaks ``l``. A biclique can be replaced by a hub
node without changing any maximum flow, and learners who want the same skill and speak the
same languages are interchangeable. So the maximum flow of

    source -> request class (skill, languages) -> hub (skill, language) -> sharer -> sink

with a class carrying one unit per request and a sharer its capacity, equals the largest
number of requests served over *all* eligible pairs, without listing them. Two rules are
invisible to the hubs: bans (``Roster.is_forbidden``) and a learner who shares the skill
they want. The flow is therefore an upper bound, exact when neither rule binds, and
``pairs`` falls back to ``certify`` when the candidates do not reach it.

The flow also names an assignment: splitting each hub's units between the classes that
send them and the sharers that receive them, in time-zone order, gives eligible pairs (the
seed) that serve as many requests as the bound, less any pair a ban or self-pairing rules
out. ``reaching`` adds the seed pairs to the pruned candidates, so pruning never costs a
match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import maximum_flow

from wikisync.matching.arrays import entries_at, unique_sorted
from wikisync.matching.assignment import Cut, cut_of, maximum_assignment
from wikisync.matching.candidates import Edges, scored_eligible
from wikisync.matching.roster import Roster
from wikisync.matching.settings import MatchSettings

IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Bound:
    """An upper bound on matched requests and eligible pairs that reach it when no ban binds."""

    limit: int
    seed: Edges


@dataclass(frozen=True, slots=True)
class _Network:
    """The compressed network's arcs, grouped by kind, with the node numbering used."""

    classes: IntArray
    class_size: IntArray
    class_hub: tuple[IntArray, IntArray]
    hub_sharer: tuple[IntArray, IntArray]
    sharers: IntArray
    sharer_capacity: IntArray
    n_hubs: int


def maximum_bound(roster: Roster, settings: MatchSettings) -> Bound:
    """The maximum flow of the compressed network and the seed pairs it names (module doc)."""
    network = _network(roster, settings)
    if not len(network.class_size) or not len(network.sharers):
        return Bound(0, _no_edges())
    flows = _flows(network)
    requests, sharers = _seed_pairs(roster, network, flows)
    seed = scored_eligible(roster, settings, requests, sharers)
    return Bound(int(flows[0].sum()), seed)


def reaching(roster: Roster, edges: Edges, bound: Bound) -> tuple[Edges, Cut]:
    """``edges`` and the seed pairs, and a maximum cut of them.

    The seed pairs are a feasible assignment. When they reach the bound (no ban or
    self-pairing hides one of the flow's pairs) they are a maximum one already; otherwise
    a maximum assignment is grown from them, which takes few augmenting paths because
    only the hidden pairs are missing. The seed pairs also give the solver pairs that
    pruning left out.
    """
    edges = edges.union(bound.seed, roster.size)
    assignment = edges.holds(bound.seed, roster.size)
    if len(bound.seed) < bound.limit:
        assignment = maximum_assignment(edges.problem(roster), assignment)
    return edges, cut_of(edges.problem(roster), assignment)


def _no_edges() -> Edges:
    nothing = np.zeros(0, dtype=np.int64)
    return Edges(nothing, nothing, nothing)


def _network(roster: Roster, settings: MatchSettings) -> _Network:
    """Request classes, hubs and sharers, and the arcs between them."""
    by_language = settings.language_policy == "required"
    requests = np.flatnonzero(roster.request_open)
    classes, class_of = _request_classes(roster, requests, by_language)
    order = np.lexsort((roster.offset[roster.request_person[requests]], class_of))
    class_size = np.bincount(class_of, minlength=len(classes)).astype(np.int64)
    class_keys = _class_hub_keys(roster, classes, by_language)
    records = np.flatnonzero(roster.capacity[roster.share_person] > 0)
    entry, sharer_keys = roster.language_buckets(
        roster.share_person[records], roster.share_skill[records], by_language
    )
    hub_keys = unique_sorted(np.concatenate([class_keys[1], sharer_keys]))
    sharer_people = roster.share_person[records[entry]]
    sharers, sharer_index = np.unique(sharer_people, return_inverse=True)
    return _Network(
        classes=requests[order],
        class_size=class_size,
        class_hub=(class_keys[0], np.searchsorted(hub_keys, class_keys[1])),
        hub_sharer=(np.searchsorted(hub_keys, sharer_keys), sharer_index.astype(np.int64)),
        sharers=sharers.astype(np.int64),
        sharer_capacity=roster.capacity[sharers].astype(np.int64),
        n_hubs=len(hub_keys),
    )


def _request_classes(
    roster: Roster, requests: IntArray, by_language: bool
) -> tuple[NDArray[np.int64], IntArray]:
    """Distinct (skill, usable languages) rows among ``requests`` and each request's class."""
    skills = roster.request_skill[requests][:, None]
    if by_language:
        spoken = roster.spoken[roster.request_person[requests]].astype(np.int64)
        rows = np.hstack([skills, spoken])
    else:
        rows = skills
    if not len(rows):
        return np.zeros((0, rows.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    first = np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)]
    class_of = np.empty(len(rows), dtype=np.int64)
    class_of[order] = np.cumsum(first) - 1
    return ordered[first].astype(np.int64), class_of


def _class_hub_keys(
    roster: Roster, classes: NDArray[np.int64], by_language: bool
) -> tuple[IntArray, IntArray]:
    """(class, bucket key) for every language of every class, keyed as ``language_buckets``."""
    width = len(roster.languages) + 1
    skill = classes[:, 0]
    if not by_language:
        return np.arange(len(classes), dtype=np.int64), skill * width + width - 1
    class_index, slot = np.nonzero(classes[:, 1:] >= 0)
    language = classes[class_index, 1 + slot]
    return class_index.astype(np.int64), skill[class_index] * width + language


def _flows(network: _Network) -> tuple[IntArray, IntArray]:
    """Units on each class -> hub and each hub -> sharer arc of a maximum flow."""
    n_classes, n_hubs = len(network.class_size), network.n_hubs
    first_hub, first_sharer = 1 + n_classes, 1 + n_classes + n_hubs
    sink = first_sharer + len(network.sharers)
    class_arc = (1 + network.class_hub[0], first_hub + network.class_hub[1])
    sharer_arc = (first_hub + network.hub_sharer[0], first_sharer + network.hub_sharer[1])
    tails = np.concatenate(
        [
            np.zeros(n_classes, np.int64),
            class_arc[0],
            sharer_arc[0],
            first_sharer + _range(network.sharers),
        ]
    )
    heads = np.concatenate(
        [
            1 + _range(network.class_size),
            class_arc[1],
            sharer_arc[1],
            np.full(len(network.sharers), sink),
        ]
    )
    capacity = np.concatenate(
        [
            network.class_size,
            network.class_size[network.class_hub[0]],
            network.sharer_capacity[network.hub_sharer[1]],
            network.sharer_capacity,
        ]
    )
    graph = sp.csr_array((capacity.astype(np.int32), (tails, heads)), shape=(sink + 1, sink + 1))
    flow = maximum_flow(graph, 0, sink, method="dinic").flow
    return entries_at(flow, *class_arc), entries_at(flow, *sharer_arc)


def _range(items: IntArray) -> IntArray:
    return np.arange(len(items), dtype=np.int64)


def _seed_pairs(
    roster: Roster, network: _Network, flows: tuple[IntArray, IntArray]
) -> tuple[IntArray, IntArray]:
    """(request, sharer) pairs carrying the flow, as near in time zone as the flow allows.

    Each class hands its requests (by UTC offset) to its hubs in hub order; within a hub,
    requests and sharers are then paired in UTC offset order, so seed pairs are neighbours
    like the other candidates rather than arbitrary far-apart pairs.
    """
    class_flow, sharer_flow = flows
    unit_class, request_hub = _units(network.class_hub[0], network.class_hub[1], class_flow)
    rank = np.arange(len(unit_class)) - np.searchsorted(unit_class, unit_class)
    class_start = np.concatenate([[0], np.cumsum(network.class_size)[:-1]])
    requests = network.classes[class_start[unit_class] + rank]
    request_offset = roster.offset[roster.request_person[requests]]
    requests = requests[np.lexsort((requests, request_offset, request_hub))]
    sharer_hub, sharer_unit = _units(network.hub_sharer[0], network.hub_sharer[1], sharer_flow)
    sharers = network.sharers[sharer_unit]
    sharers = sharers[np.lexsort((sharers, roster.offset[sharers], sharer_hub))]
    return requests, sharers


def _units(keys: IntArray, others: IntArray, flow: IntArray) -> tuple[IntArray, IntArray]:
    """(key, other) for each unit of flow on the (key, other) arcs, ordered by (key, other)."""
    used = np.flatnonzero(flow > 0)
    used = used[np.lexsort((others[used], keys[used]))]
    units = np.repeat(used, flow[used])
    return keys[units], others[units]
