"""The turn graph beside the text: a box per turn (the start in bold), a rounded box per ending with its outcome,
an arrow per branch labelled with its condition (dashed: `otherwise`). Turns never reached are grey and dashed,
turns on a loop with no way out red. Click a box to go to its YAML line."""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

if TYPE_CHECKING:
    from ...core.graph import Edge, Graph, Node

NODE_H, GAP_X, GAP_Y, PAD = 30, 36, 84, 12
MAX_ROW = 4  # boxes side by side; more wrap onto the next row (the graph stays narrow beside the text)
MIN_FIT_SCALE = 0.75  # a graph shown whole only when its text stays readable; else at this scale from the start
LABEL_CHARS = 28  # a condition longer than this is cut short on the arrow (the whole text is its tooltip)
NodeRole = 0  # QGraphicsItem.data key holding a node's id
_PALETTE = {  # (light, dark)
    "unreachable": ("#9ca3af", "#6b7280"),
    "stuck": ("#d92d20", "#f87171"),
    "ending": ("#dcfce7", "#14532d"),
    "edge": ("#4b5563", "#9ca3af"),
}


def layers(graph: Graph) -> list[list[str]]:
    """Turns by their distance from the start (breadth first), then the endings, then turns never reached."""
    turns = [n.id for n in graph.nodes if n.kind == "turn"]
    after: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        after.setdefault(edge.source, []).append(edge.target)
    depth: dict[str, int] = {}
    queue = deque([graph.start] if graph.start in after else [])
    depth.update(dict.fromkeys(queue, 0))
    while queue:
        here = queue.popleft()
        for there in after.get(here, []):
            if there not in depth and there in turns:
                depth[there] = depth[here] + 1
                queue.append(there)
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for turn in turns:
        if turn in depth:
            rows[depth[turn]].append(turn)
    others = [n.id for n in graph.nodes if n.kind != "turn"]
    lost = [t for t in turns if t not in depth]
    return [row[i : i + MAX_ROW] for row in (*rows, others, lost) for i in range(0, len(row), MAX_ROW)]


def _ordered(rows: list[list[str]], graph: Graph) -> list[list[str]]:
    """One pass of the barycentre heuristic: each row sorted by where the boxes leading to it are."""
    before: dict[str, list[str]] = {}
    for edge in graph.edges:
        before.setdefault(edge.target, []).append(edge.source)
    place: dict[str, float] = {node: float(i) for i, node in enumerate(rows[0])} if rows else {}
    result = rows[:1]
    for row in rows[1:]:
        keyed = []
        for index, node in enumerate(row):
            seen = [place[p] for p in before.get(node, []) if p in place]
            keyed.append((sum(seen) / len(seen) if seen else float(index), index, node))
        row = [node for _key, _index, node in sorted(keyed)]
        place.update({node: float(i) for i, node in enumerate(row)})
        result.append(row)
    return result


class GraphView(QGraphicsView):
    """`show_graph` draws a Graph (laid out again only when its shape changed); `jump(line)` on a click."""

    jump = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAccessibleName("Turn graph")
        self.setToolTip("Click a turn to go to it in the text; Ctrl+wheel zooms")
        self.graph: Graph | None = None
        self.node_items: dict[str, QGraphicsRectItem] = {}
        self.edge_items: list[tuple[Edge, QGraphicsPathItem]] = []
        self._shape: object = None
        self._zoomed = False  # by the user (Ctrl+wheel): a resize then keeps their zoom
        dark = self.palette().base().color().lightness() < 128
        self.colours = {name: QColor(pair[1] if dark else pair[0]) for name, pair in _PALETTE.items()}

    def show_graph(self, graph: Graph) -> None:
        shape = _shape(graph)
        self.graph = graph  # lines move as the text changes: clicks use the latest ones
        if shape == self._shape:
            return
        self._shape = shape
        scene = self.scene()
        scene.clear()
        self.node_items, self.edge_items = {}, []
        nodes = {n.id: n for n in graph.nodes}
        rows = _ordered(layers(graph), graph)
        widths = {node: self._width(nodes[node]) for row in rows for node in row}
        widest = max((sum(widths[n] for n in row) + GAP_X * (len(row) - 1) for row in rows), default=0)
        for depth, row in enumerate(rows):
            x = (widest - sum(widths[n] for n in row) - GAP_X * (len(row) - 1)) / 2
            for node_id in row:
                rect = QRectF(x, depth * (NODE_H + GAP_Y), widths[node_id], NODE_H)
                self.node_items[node_id] = self._node(nodes[node_id], rect)
                x += widths[node_id] + GAP_X
        drawn = [e for e in graph.edges if e.source in self.node_items and e.target in self.node_items]
        outgoing: dict[str, list[Edge]] = {}
        incoming: dict[str, list[Edge]] = {}
        for edge in drawn:  # each box's arrows leave and arrive spread along its edge, in left-to-right order
            outgoing.setdefault(edge.source, []).append(edge)
            incoming.setdefault(edge.target, []).append(edge)
        for ends in (*outgoing.values(), *incoming.values()):
            ends.sort(key=lambda e: (self.node_items[e.target].rect().center().x(), e.branch or 0))
        for edge in drawn:
            leave = (outgoing[edge.source].index(edge) + 1) / (len(outgoing[edge.source]) + 1)
            arrive = (incoming[edge.target].index(edge) + 1) / (len(incoming[edge.target]) + 1)
            self.edge_items.append((edge, self._edge(edge, leave, arrive)))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.fit()

    def fit(self) -> None:
        """The whole graph when it fits at a readable scale; else readable, from the start turn."""
        rect = self.sceneRect()
        room = self.viewport().size()
        if rect.isEmpty() or room.isEmpty():
            return
        scale = min(1.0, room.width() / rect.width(), room.height() / rect.height())
        self.resetTransform()
        self.scale(max(scale, MIN_FIT_SCALE), max(scale, MIN_FIT_SCALE))
        start = self.node_items.get(self.graph.start) if self.graph is not None else None
        if start is not None and scale < MIN_FIT_SCALE:
            self.centerOn(start.rect().center().x(), start.rect().top() + room.height() / 2 / MIN_FIT_SCALE - 40)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if not self._zoomed:
            self.fit()

    def _width(self, node: Node) -> float:
        return max(90.0, QGraphicsSimpleTextItem(node.label).boundingRect().width() + 2 * PAD)

    def _node(self, node: Node, rect: QRectF) -> QGraphicsRectItem:
        palette = self.palette()
        box = QGraphicsRectItem(rect)
        pen = QPen(palette.text().color(), 2.5 if node.id == (self.graph.start if self.graph else "") else 1.2)
        fill = QBrush(palette.base())
        text_colour = palette.text().color()
        if node.kind == "ending":
            fill = QBrush(self.colours["ending"])
        if node.unreachable:
            pen.setColor(self.colours["unreachable"])
            pen.setStyle(Qt.PenStyle.DashLine)
            text_colour = self.colours["unreachable"]
        if node.exitless_loop or node.kind == "missing":
            pen.setColor(self.colours["stuck"])
            pen.setWidthF(2.0)
            text_colour = self.colours["stuck"]
            pen.setStyle(Qt.PenStyle.DashLine if node.kind == "missing" or node.unreachable else Qt.PenStyle.SolidLine)
        box.setPen(pen)
        box.setBrush(fill)
        box.setData(NodeRole, node.id)
        box.setCursor(Qt.CursorShape.PointingHandCursor)
        box.setToolTip(_node_tip(node))
        label = QGraphicsSimpleTextItem(node.label, box)
        label.setBrush(text_colour)
        if node.kind == "turn":
            font = label.font()
            font.setBold(node.id == (self.graph.start if self.graph else ""))
            label.setFont(font)
        bounds = label.boundingRect()
        label.setPos(rect.center().x() - bounds.width() / 2, rect.center().y() - bounds.height() / 2)
        self.scene().addItem(box)
        return box

    def _edge(self, edge: Edge, leave: float = 0.5, arrive: float = 0.5) -> QGraphicsPathItem:
        """An arrow leaving `leave` of the way along the source's bottom and arriving `arrive` along the target's
        top (so a turn's branches fan out and their labels don't sit on each other)."""
        source, target = self.node_items[edge.source].rect(), self.node_items[edge.target].rect()
        path = QPainterPath()
        downward = target.top() > source.bottom()
        if downward:
            start = QPointF(source.left() + source.width() * leave, source.bottom())
            end = QPointF(target.left() + target.width() * arrive, target.top())
            bend = (end.y() - start.y()) / 2
            path.moveTo(start)
            path.cubicTo(start + QPointF(0, bend), end - QPointF(0, bend), end)
        else:  # back to an earlier row (a loop) or along one: round by the right-hand side
            start, end = QPointF(source.right(), source.center().y()), QPointF(target.right(), target.center().y())
            reach = 50 + abs(end.y() - start.y()) / 4
            path.moveTo(start)
            path.cubicTo(start + QPointF(reach, 0), end + QPointF(reach, 0), end)
        item = QGraphicsPathItem(path)
        pen = QPen(self.colours["edge"], 1.2)
        if edge.branch is None:
            pen.setStyle(Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setZValue(-1)
        item.setToolTip(f"{edge.source} → {edge.target}: {edge.label}")
        self.scene().addItem(item)
        self._arrow_head(path, pen.color())
        if edge.branch is not None and downward:  # a loop's condition is its tooltip: beside a row it would cover
            self._edge_label(edge, path.pointAtPercent(0.35 + 0.3 * leave))
        return item

    def _arrow_head(self, path: QPainterPath, colour: QColor) -> None:
        tip = path.pointAtPercent(1.0)
        angle = math.radians(-path.angleAtPercent(0.98))
        spread = math.radians(25)
        wing = [tip - QPointF(math.cos(angle + d) * 9, math.sin(angle + d) * 9) for d in (spread, -spread)]
        head = QGraphicsPolygonItem(QPolygonF([tip, *wing]))
        head.setBrush(colour)
        head.setPen(QPen(colour))
        self.scene().addItem(head)

    def _edge_label(self, edge: Edge, where: QPointF) -> None:
        text = edge.label if len(edge.label) <= LABEL_CHARS else edge.label[: LABEL_CHARS - 1] + "…"
        label = QGraphicsSimpleTextItem(f"{edge.branch + 1 if edge.branch is not None else ''}. {text}")
        font = QFont(label.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        label.setFont(font)
        label.setBrush(self.palette().text().color())
        label.setToolTip(edge.label)
        bounds = label.boundingRect()
        backdrop = QGraphicsRectItem(bounds.adjusted(-2, -1, 2, 1))
        backdrop.setBrush(self.palette().window())
        backdrop.setPen(QPen(Qt.PenStyle.NoPen))
        backdrop.setOpacity(0.85)
        backdrop.setPos(where - QPointF(bounds.width() / 2, bounds.height() / 2))
        label.setParentItem(backdrop)
        backdrop.setZValue(1)
        self.scene().addItem(backdrop)

    def node_at(self, position: QPointF) -> str | None:
        """The turn under the pointer, even where an arrow's label lies over its box."""
        for found in self.items(position.toPoint()):
            item: QGraphicsItem | None = found
            while item is not None and item.data(NodeRole) is None:
                item = item.parentItem()
            if item is not None:
                return str(item.data(NodeRole))
        return None

    def line_of(self, node_id: str) -> int | None:
        node = next((n for n in self.graph.nodes if n.id == node_id), None) if self.graph else None
        return node.line if node is not None else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        node_id = self.node_at(event.position())
        line = self.line_of(node_id) if node_id is not None else None
        if line is not None:
            self.jump.emit(line)
            event.accept()
            return
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
            self._zoomed = True
            return
        super().wheelEvent(event)


def _shape(graph: Graph) -> tuple[object, ...]:
    """The graph without its line numbers: what decides the drawing."""
    return (
        graph.start,
        tuple((n.id, n.kind, n.label, n.unreachable, n.exitless_loop) for n in graph.nodes),
        tuple((e.source, e.target, e.label, e.branch) for e in graph.edges),
    )


def _node_tip(node: Node) -> str:
    notes = {
        "ending": f"An ending: {node.label}",
        "missing": "No turn has this id: a goto names it",
    }
    tip = notes.get(node.kind, f"Turn {node.id}")
    if node.unreachable:
        tip += " — never reached from the start"
    if node.exitless_loop:
        tip += " — on a loop from which no ending can be reached"
    return tip + ("\nClick to go to its line" if node.line else "")
