"""Geometry of the co-mention network: nodes placed by a deterministic force-directed layout.

Fruchterman–Reingold (1991) with a fixed start (nodes on a circle in rank order), a fixed number
of iterations and a linear cooling schedule: no random numbers, so the same warehouse always
draws the same picture and a diff of two dashboards shows only what changed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tasks.reporting.dashboard.charts import OTHER_COLOR, TYPE_COLORS, Text, fit_text, place_label

ITERATIONS = 300


@dataclass
class Node:
    cx: float
    cy: float
    r: float
    color: str
    label: Text | None
    data: dict[str, Any]
    tooltip: str


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    data: dict[str, Any]
    tooltip: str


@dataclass
class NetworkChart:
    chart: str
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    empty: str = "No entity yet."


def layout(n: int, edges: list[tuple[int, int, float]], iterations: int = ITERATIONS) -> np.ndarray:
    """Positions in [0, 1]² for n nodes joined by weighted edges (i, j, weight)."""
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[0.5, 0.5]])
    angles = np.arange(n) * 2 * math.pi / n
    pos = np.column_stack([np.cos(angles), np.sin(angles)]) * 0.5
    k = math.sqrt(1.0 / n)  # the ideal distance between nodes in the unit square
    weights = np.zeros((n, n))
    for i, j, w in edges:
        weights[i, j] = weights[j, i] = w
    weights = np.sqrt(weights / (weights.max() or 1))
    linked = weights > 0
    temperature = 0.1
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        # Repulsion between every pair, attraction along edges (heavier edges pull harder), and a
        # pull to the centre growing with the distance, so that unlinked nodes and small groups
        # stay near the rest instead of drifting to the edges.
        force = k * k / dist ** 2 - np.where(linked, weights * dist / k, 0.0)
        np.fill_diagonal(force, 0.0)
        move = (delta * force[:, :, None]).sum(axis=1) - pos * (np.linalg.norm(pos, axis=1) / k)[:, None]
        length = np.maximum(np.linalg.norm(move, axis=-1), 1e-9)
        pos += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = 0.1 * (1 - (step + 1) / iterations) + 0.002
    low, high = pos.min(axis=0), pos.max(axis=0)
    return (pos - low) / np.maximum(high - low, 1e-9)


def network_chart(chart: str, nodes: list[dict], edges: list[dict], width: int = 560,
                  height: int = 420) -> NetworkChart:
    """`nodes`: dicts with entity_id, name, type, mentions, articles (most mentioned first);
    `edges`: dicts with entity_a, entity_b, articles, sentences."""
    if not nodes:
        return NetworkChart(chart, width, 0)
    index = {node["entity_id"]: i for i, node in enumerate(nodes)}
    pairs = [(index[e["entity_a"]], index[e["entity_b"]], float(e["articles"])) for e in edges
             if e["entity_a"] in index and e["entity_b"] in index]
    pos = layout(len(nodes), pairs)
    top_mentions = max(n["mentions"] for n in nodes) or 1
    label_room = 120  # labels sit beside their dot: keep room for them inside the picture
    pad = 16
    xs = pad + pos[:, 0] * (width - 2 * pad - label_room)
    ys = pad + 6 + pos[:, 1] * (height - 2 * pad - 12)
    most_articles = max((w for _, _, w in pairs), default=1)
    drawn_edges = []
    for e in edges:
        if e["entity_a"] not in index or e["entity_b"] not in index:
            continue
        i, j = index[e["entity_a"]], index[e["entity_b"]]
        a, b = nodes[i], nodes[j]
        drawn_edges.append(Edge(
            round(float(xs[i]), 1), round(float(ys[i]), 1), round(float(xs[j]), 1),
            round(float(ys[j]), 1), round(0.8 + 3.2 * e["articles"] / most_articles, 1),
            {"a": a["entity_id"], "b": b["entity_id"], "articles": e["articles"]},
            f"{a['name']} — {b['name']}: {e['articles']} articles, {e['sentences']} sentences"))
    drawn_nodes = []
    radii = [round(3 + 9 * math.sqrt(n["mentions"] / top_mentions), 1) for n in nodes]
    dots = [(float(xs[i]) - r, float(ys[i]) - r, float(xs[i]) + r, float(ys[i]) + r)
            for i, r in enumerate(radii)]
    taken: list[tuple[float, float, float, float]] = []  # boxes of the labels placed so far
    for i, node in enumerate(nodes):
        r = radii[i]
        x, y = round(float(xs[i]), 1), round(float(ys[i]), 1)
        name = fit_text(node["name"], label_room - 6)
        label = place_label(name, x, y, r, width, height, taken, dots[:i] + dots[i + 1:])
        drawn_nodes.append(Node(
            x, y, r, TYPE_COLORS.get(node["type"], OTHER_COLOR), label,
            {"entity": node["entity_id"], "name": node["name"], "type": node["type"],
             "mentions": node["mentions"]},
            f"{node['name']} ({node['type']}): {node['mentions']} mentions in "
            f"{node['articles']} articles"))
    return NetworkChart(chart, width, height, drawn_nodes, drawn_edges)
