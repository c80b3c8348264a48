"""Cell suppression of linked tables: all tables of one publication protected together.

The method is classical cell suppression as statistical offices apply it to linked tables
(Fischetti & Salazar's protection levels; the cycle/hypercube heuristics of τ-Argus):

* **Primary suppression**: every cell with a count from 1 to k-1, in every table holding it
  (a cell is identified by the people it counts, so the same count in two tables is one
  cell). Zeros are published, and suppressed only in withheld lines (below).
* **Withheld lines**: when no cycle can protect a cell (a total of 2 made of two cells of 1
  is at least 2 whatever is hidden), every cell of its lines is suppressed, zeros included,
  and those cells may be zero for the attacker too.
* **Protection levels**: a primary cell with count x must be able to move up by k-x and down
  by x-1 (to any value from 1 to k) while every published count stays what it is.
* **Secondary suppression**: within each table, a primary cell is protected by a cycle of
  suppressed cells along which +t/-t changes keep every line's total; the cycle is the
  cheapest (fewest people hidden) among those whose cells can absorb the move — each cell
  stays at least 1, and no smaller than a published count it contains, nor larger than a
  published count containing it. Cells shared with other tables are avoided; when one is
  used, it is suppressed in every table and protected there too, until nothing changes.

The result is checked, never trusted: :func:`ctcourse.cases.audit.audit` bounds every
suppressed cell with linear programming over all the tables at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence

import numpy as np

from ctcourse.cases.audit import parents_of, unions
from ctcourse.cases.safe_tables import Key, SafeTable, TableSpec, published
from ctcourse.errors import DisclosureError

SHARED_PENALTY = 10**6
"""Extra cost of hiding a cell other tables also publish (it spreads suppression)."""
GROUND = -1
MAX_ROUNDS = 50


def protect(specs: Sequence[TableSpec], k: int, withheld: Collection[Key] = ()) -> list[SafeTable]:
    """Suppress cells of ``specs`` (tables of one dataset, published together at ``k``);
    the lines through the cells ``withheld`` (e.g. those an audit found) are withheld."""
    if k < 1:
        raise DisclosureError(f"k must be at least 1, not {k}")
    state = _State(specs, k)
    for key in withheld:
        for t, cell in state.places.get(key, ()):
            state.withhold(t, cell)
    for _ in range(MAX_ROUNDS):
        if not any([state.protect_table(t) for t in range(len(specs))]):
            break
    return [
        published(spec, k, np.array([key in state.hidden for key in spec.keys], dtype=bool))
        for spec in specs
    ]


class _State:
    """Suppressed cells (by key) and the protection each still needs."""

    def __init__(self, specs: Sequence[TableSpec], k: int) -> None:
        self.specs, self.k = specs, k
        self.value: dict[Key, int] = {}
        seen: dict[Key, int] = {}
        for spec in specs:
            for key, value in zip(spec.keys, spec.values.ravel().tolist(), strict=True):
                if self.value.setdefault(key, value) != value:
                    raise DisclosureError(f"{spec.title}: one cell has two different counts")
                seen[key] = seen.get(key, 0) + 1
        self.shared = {key for key, n in seen.items() if n > 1}
        self.need = {key: (k - v, v - 1) for key, v in self.value.items() if 0 < v < k}
        self.hidden = set(self.need)
        self.zero_ok: set[Key] = set()
        self.done: dict[tuple[int, int], tuple[int, int]] = {}
        """Cells (table, index) protected by a cycle, with the levels it was found for."""
        """Cells in a withheld line: suppressed even if zero, so they may be zero."""
        keys = list(self.value)
        parents = parents_of(keys, keys)
        children: dict[Key, list[Key]] = {key: [] for key in keys}
        for child, found in parents.items():
            for parent in found:
                children[parent].append(child)
        by_value = self.value.get
        self.parents = {
            k: sorted(((p, by_value(p)) for p in v), key=lambda x: x[1]) for k, v in parents.items()
        }
        self.children = {
            k: sorted(((c, by_value(c)) for c in v), key=lambda x: -x[1])
            for k, v in children.items()
        }
        """Relatives with their counts: parents smallest first, children largest first."""
        self.unions: dict[Key, list[tuple[Key, list[Key]]]] = {}
        for union, members in unions(keys):
            for member in members:
                self.unions.setdefault(member, []).append((union, members))
        self.graphs = [_Graph(spec) for spec in specs]
        self.places: dict[Key, list[tuple[int, int]]] = {}
        for t, spec in enumerate(specs):
            for n, key in enumerate(spec.keys):
                self.places.setdefault(key, []).append((t, n))

    def protect_table(self, t: int) -> bool:
        """Protect every cell of table ``t`` that needs it; whether anything was added."""
        spec, graph = self.specs[t], self.graphs[t]
        changed = False
        cells = [n for n, key in enumerate(spec.keys) if key in self.need]
        for cell in sorted(cells, key=lambda n: self.value[spec.keys[n]]):
            up, down = self.need[spec.keys[cell]]
            if self.done.get((t, cell)) == (up, down):
                continue  # its cycle still stands: hiding more only loosens the limits
            binding = self.binding(spec.keys[cell], up, down)
            for key in binding:
                self.hidden.add(key)
                move = max(up, down)
                self.need[key] = (move, min(move, self.value[key] - 1))
            changed |= bool(binding)
            path = graph.cycle(cell, up, down, self)
            if path is None:
                changed |= self.withhold(t, cell)
                path = graph.cycle(cell, up, down, self)
            if path is not None:
                self.done[(t, cell)] = (up, down)
            path = path or []
            new = [n for n in path if spec.keys[n] not in self.hidden]
            for n in new:
                key = spec.keys[n]
                self.hidden.add(key)
                if key in self.shared:
                    move = max(up, down)
                    self.need[key] = (move, min(move, self.value[key] - 1))
            changed |= bool(new)
        return changed

    def withhold(self, t: int, cell: int) -> bool:
        """Suppress every cell of the lines through ``cell``, zeros included, so that their
        parts may be zero; the same for every non-zero cell those parts contain (else a part
        would still be known to be at least 1). Whether anything was added."""
        todo, added = [(t, cell)], False
        while todo:
            t, cell = todo.pop()
            graph, keys = self.graphs[t], self.specs[t].keys
            for n in graph.lines_through(cell):
                key = keys[n]
                if key in self.hidden:
                    continue
                added = True
                self.hidden.add(key)
                if key in self.shared and self.value[key]:
                    self.need.setdefault(key, (self.k - 1, min(self.k - 1, self.value[key] - 1)))
            for n in graph.parts_of_lines_through(cell):
                if keys[n] in self.zero_ok:
                    continue
                self.zero_ok.add(keys[n])
                for child, value in self.children[keys[n]]:
                    if value:
                        todo += self.places[child]
        return added

    def room(self, key: Key) -> tuple[int, float]:
        """(lowest, highest) value the cell can take while published relatives stay fixed:
        no smaller than a cell it contains, no larger than one containing it, and a flag's
        cell no smaller than a union of flags minus the union's other flags."""
        low = 0 if key in self.zero_ok else 1
        low = max(low, next((v for c, v in self.children[key] if c not in self.hidden), 0))
        for union, members in self.unions.get(key, ()):
            others = [m for m in members if m != key]
            if union not in self.hidden and not any(m in self.hidden for m in others):
                low = max(low, self.value[union] - sum(self.value[m] for m in others))
        high = next((v for p, v in self.parents[key] if p not in self.hidden), np.inf)
        return low, high

    def binding(self, key: Key, up: int, down: int) -> list[Key]:
        """Published cells that keep ``key`` from moving by ``+up``/``-down`` (to hide too)."""
        value = self.value[key]
        low, high = self.room(key)
        found = []
        if value + up > high:
            found += [p for p, v in self.parents[key] if p not in self.hidden and v < value + up]
        if value - down < low:
            found += [c for c, v in self.children[key] if c not in self.hidden and v > value - down]
            for union, members in self.unions.get(key, ()):
                found += [u for u in (union, *members) if u != key and u not in self.hidden]
        return list(dict.fromkeys(found))

    def cost(self, key: Key) -> int:
        if key in self.hidden:
            return 0
        return self.value[key] + (SHARED_PENALTY if key in self.shared else 0)


class _Graph:
    """Lines as nodes, cells as edges (a cell in one line joins it to a free ground node)."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        roles: dict[int, list[tuple[int, bool]]] = {}
        for line, (total, parts) in enumerate(spec.lines):
            roles.setdefault(total, []).append((line, True))
            for part in parts.tolist():
                roles.setdefault(part, []).append((line, False))
        self.ends: dict[int, tuple[tuple[int, bool], tuple[int, bool]]] = {}
        self.adjacent: dict[int, list[tuple[int, bool, int]]] = {}
        for cell, where in roles.items():
            a, b = [*where, (GROUND, False)][:2]
            self.ends[cell] = (a, b)
            self.adjacent.setdefault(a[0], []).append((cell, a[1], b[0]))
            self.adjacent.setdefault(b[0], []).append((cell, b[1], a[0]))

    def cycle(self, cell: int, up: int, down: int, state: _State) -> list[int] | None:
        """The cheapest cycle of cells through ``cell`` along which it can move up by ``up``
        and down by ``down`` (Dijkstra over line, sign and role of the arriving cell)."""
        if cell not in self.ends:
            return []
        keys = self.spec.keys
        (start, start_total), (goal, goal_total) = self.ends[cell]
        first = (start, 1, start_total)
        best = {first: 0}
        previous: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], int]] = {}
        queue = [(0, first)]
        rooms: dict[Key, tuple[int, float, int]] = {}
        while queue:
            cost, node_state = heapq.heappop(queue)
            node, sign, arrived_total = node_state
            if cost > best[node_state]:
                continue
            if node == goal and (goal == GROUND or self._closes(sign, arrived_total, goal_total)):
                return self._path(previous, node_state, first)
            for edge, edge_total, other in self.adjacent.get(node, ()):
                key = keys[edge]
                if edge == cell or not (state.value[key] or key in state.zero_ok):
                    continue
                for out in self._signs(node, sign, arrived_total, edge_total):
                    if key not in rooms:
                        rooms[key] = (*state.room(key), state.value[key])
                    if not self._fits(key, out, up, down, rooms):
                        continue
                    other_total = self._role(edge, other)
                    nxt = (other, out, other_total)
                    step = cost + state.cost(key)
                    if step < best.get(nxt, np.inf):
                        best[nxt] = step
                        previous[nxt] = (node_state, edge)
                        heapq.heappush(queue, (step, nxt))
        return None

    def lines_through(self, cell: int) -> list[int]:
        """Every cell of the lines holding ``cell``, zeros included: the lines are withheld
        when no cycle can protect ``cell`` (e.g. a total of 2 split over two cells of 1,
        which would otherwise be known to be at least 2)."""
        return [
            n for total, parts in self.spec.lines
            if cell == total or cell in parts
            for n in (total, *parts.tolist())
        ]  # fmt: skip

    def parts_of_lines_through(self, cell: int) -> list[int]:
        """The parts (not totals) of the lines holding ``cell``."""
        return [
            n for total, parts in self.spec.lines
            if cell == total or cell in parts
            for n in parts.tolist()
        ]  # fmt: skip

    def _role(self, edge: int, node: int) -> bool:
        (a, a_total), (_, b_total) = self.ends[edge]
        return a_total if a == node else b_total

    @staticmethod
    def _signs(node: int, sign: int, arrived_total: bool, leaving_total: bool) -> tuple[int, ...]:
        """Signs the next cell may move with, keeping the line ``node`` balanced."""
        if node == GROUND:
            return (1, -1)
        return (sign,) if arrived_total or leaving_total else (-sign,)

    @staticmethod
    def _closes(sign: int, arrived_total: bool, goal_total: bool) -> bool:
        """Whether arriving back at the cell's other line with ``sign`` balances it."""
        return _Graph._signs(0, sign, arrived_total, goal_total) == (1,)

    @staticmethod
    def _fits(key: Key, sign: int, up: int, down: int, rooms: dict) -> bool:
        """Whether the cell can move by ``+up`` and ``-down`` (times ``sign``)."""
        low, high, value = rooms[key]
        rise, fall = (up, down) if sign > 0 else (down, up)
        return value - fall >= low and value + rise <= high

    @staticmethod
    def _path(previous: dict, end: tuple[int, int, bool], first: tuple[int, int, bool]) -> list:
        path, node_state = [], end
        while node_state != first:
            node_state, edge = previous[node_state]
            path.append(edge)
        return path
