import Flatbush from "flatbush";

/**
 * Planar geometry on GeoJSON Polygon and MultiPolygon boundaries, positions in [lng, lat].
 *
 * Every decision (which side of a line a point lies on, whether two segments meet) goes through `orient`,
 * whose sign is exact: a fast floating-point evaluation with Shewchuk's error bound, and exact integer
 * arithmetic when the bound cannot decide. So the answers are those of the real plane, not of rounding, and
 * two polygons that share an edge see the very same edge.
 */

export type Position = readonly number[];
export type Ring = readonly Position[];
export type PolygonCoordinates = readonly Ring[];
export type Geometry =
  | { readonly type: "Polygon"; readonly coordinates: PolygonCoordinates }
  | { readonly type: "MultiPolygon"; readonly coordinates: readonly PolygonCoordinates[] };

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

/** The polygons of a geometry: one for a Polygon, each part of a MultiPolygon. */
export function polygonsOf(g: Geometry): PolygonCoordinates[] {
  return g.type === "Polygon" ? [g.coordinates] : [...g.coordinates];
}

/** The bounding box of every position of the geometry. */
export function bbox(g: Geometry): BBox {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (const p of ring) {
        const x = p[0]!;
        const y = p[1]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

// ---------------------------------------------------------------------------------------------------------
// Exact orientation

const EPSILON = 2 ** -53;
const CCW_ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;

/**
 * The side of point c relative to the directed line a→b: 1 left (a, b, c counter-clockwise), -1 right,
 * 0 on the line. The sign is exact for any finite doubles.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  let detSum: number;
  // When the two products differ in sign (or one is zero) the difference cannot change sign by rounding.
  if (detLeft > 0) {
    if (detRight <= 0) return sgn(det);
    detSum = detLeft + detRight;
  } else if (detLeft < 0) {
    if (detRight >= 0) return sgn(det);
    detSum = -detLeft - detRight;
  } else {
    return sgn(det);
  }
  if (det >= CCW_ERROR_BOUND * detSum || -det >= CCW_ERROR_BOUND * detSum) return sgn(det);
  return orientExact(ax, ay, bx, by, cx, cy);
}

const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** A finite double as m·2^e with integer m. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const bits = u64[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let e = -1074;
  if (biased !== 0) {
    m |= 0x10000000000000n;
    e = biased - 1075;
  }
  return [bits >> 63n ? -m : m, e];
}

/** `orient` in exact integer arithmetic: slow, used when the floating-point filter cannot decide. */
export function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(decompose);
  let minE = Number.POSITIVE_INFINITY;
  for (const [m, e] of parts) if (m !== 0n && e < minE) minE = e;
  if (minE === Number.POSITIVE_INFINITY) return 0;
  const [a, b, c, d, e, f] = parts.map(([m, x]) => m << BigInt(x - minE)) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const det = (a - e) * (d - f) - (b - f) * (c - e);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** Whether c, known to be on the line through a and b, lies on the closed segment ab. */
function withinSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (ax <= bx ? ax <= cx && cx <= bx : bx <= cx && cx <= ax) && (ay <= by ? ay <= cy && cy <= by : by <= cy && cy <= ay);
}

/** Whether point c lies on the closed segment ab. */
export function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return withinSegment(ax, ay, bx, by, cx, cy) && orient(ax, ay, bx, by, cx, cy) === 0;
}

/** Whether the closed segments ab and cd have any point in common. */
export function segmentsIntersect(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinSegment(cx, cy, dx, dy, ax, ay)) ||
    (d2 === 0 && withinSegment(cx, cy, dx, dy, bx, by)) ||
    (d3 === 0 && withinSegment(ax, ay, bx, by, cx, cy)) ||
    (d4 === 0 && withinSegment(ax, ay, bx, by, dx, dy))
  );
}

// ---------------------------------------------------------------------------------------------------------
// Point in polygon

/**
 * Whether the edge (ax, ay)–(bx, by) is crossed by the ray from (x, y) towards +lng, under the half-open rule:
 * the edge counts when its lower end (by lat) is at or below y and its upper end above y, and the point is
 * strictly on its west side. Horizontal edges never count. The endpoints are put in canonical order first,
 * so an edge shared by two polygons gives both of them the same answer whatever their ring directions.
 */
function crosses(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (ay === by) return false;
  if (ay > by) return by <= y && y < ay && orient(bx, by, ax, ay, x, y) > 0;
  return ay <= y && y < by && orient(ax, ay, bx, by, x, y) > 0;
}

/**
 * Whether the point lies in the geometry (holes excluded), by the crossing rule with a deterministic
 * half-open convention: a point counts as inside exactly when the point nudged infinitesimally east, and
 * then even less north, is strictly inside. So in a tiling every point of the tiled region belongs to
 * exactly one tile: a point on an edge shared by two tiles to the tile east of it (north of it for an
 * east–west edge), a shared vertex to the one tile that holds the nudged point.
 */
export function pointInGeometry(g: Geometry, x: number, y: number): boolean {
  let inside = false;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        if (crosses(a[0]!, a[1]!, b[0]!, b[1]!, x, y)) inside = !inside;
      }
    }
  }
  return inside;
}

/**
 * A geometry's non-horizontal edges as a flat array of [lowX, lowY, highX, highY] (low end first by lat),
 * ready for repeated point-in-polygon tests.
 */
export function crossingEdges(g: Geometry): Float64Array {
  const out: number[] = [];
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        const ay = a[1]!;
        const by = b[1]!;
        if (ay === by) continue;
        if (ay < by) out.push(a[0]!, ay, b[0]!, by);
        else out.push(b[0]!, by, a[0]!, ay);
      }
    }
  }
  return Float64Array.from(out);
}

/** `pointInGeometry` on the edges from `crossingEdges`: the same answers, faster. */
export function pointInEdges(edges: Float64Array, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0; i < edges.length; i += 4) {
    const ay = edges[i + 1]!;
    const by = edges[i + 3]!;
    if (y < ay || y >= by) continue;
    const ax = edges[i]!;
    const bx = edges[i + 2]!;
    if (x < ax && x < bx) inside = !inside;
    else if ((x < ax || x < bx) && orient(ax, ay, bx, by, x, y) > 0) inside = !inside;
  }
  return inside;
}

// ---------------------------------------------------------------------------------------------------------
// Prepared boundaries for relations between polygons

interface Prepared {
  /** x1, y1, x2, y2 per edge, in ring direction; zero-length edges left out */
  edges: Float64Array;
  /** per edge: whether the region lies to its left */
  regionLeft: Uint8Array;
  /** the edges' boxes (null without edges) */
  index: Flatbush | null;
}

/** Signed orientation of a ring: 1 counter-clockwise, -1 clockwise, 0 degenerate. */
function ringOrientation(ring: Ring): number {
  const n = ring.length - 1;
  if (n < 3) return 0;
  // The lowest (then leftmost) vertex is a convex corner: the turn there is the ring's orientation.
  let k = 0;
  for (let i = 1; i < n; i++) {
    const p = ring[i]!;
    const q = ring[k]!;
    if (p[1]! < q[1]! || (p[1] === q[1] && p[0]! < q[0]!)) k = i;
  }
  const v = ring[k]!;
  const same = (p: Position) => p[0] === v[0] && p[1] === v[1];
  let prev = (k - 1 + n) % n;
  for (let s = 0; s < n && same(ring[prev]!); s++) prev = (prev - 1 + n) % n;
  let next = (k + 1) % n;
  for (let s = 0; s < n && same(ring[next]!); s++) next = (next + 1) % n;
  const a = ring[prev]!;
  const b = ring[next]!;
  const o = orient(a[0]!, a[1]!, v[0]!, v[1]!, b[0]!, b[1]!);
  if (o !== 0) return o;
  // Degenerate corner (invalid ring): fall back to the shoelace sum.
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    sum += (q[0]! - p[0]!) * (q[1]! + p[1]!);
  }
  return -Math.sign(sum);
}

function prepare(polys: readonly PolygonCoordinates[]): Prepared {
  const edges: number[] = [];
  const left: number[] = [];
  for (const poly of polys) {
    poly.forEach((ring, r) => {
      const o = ringOrientation(ring);
      // The region is left of a counter-clockwise outer ring and of a clockwise hole.
      const regionLeft = r === 0 ? o > 0 : o < 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        if (a[0] === b[0] && a[1] === b[1]) continue;
        edges.push(a[0]!, a[1]!, b[0]!, b[1]!);
        left.push(regionLeft ? 1 : 0);
      }
    });
  }
  const n = left.length;
  const index = n ? new Flatbush(n) : null;
  for (let i = 0; index && i < n; i++) {
    const x1 = edges[4 * i]!;
    const y1 = edges[4 * i + 1]!;
    const x2 = edges[4 * i + 2]!;
    const y2 = edges[4 * i + 3]!;
    index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  }
  index?.finish();
  return { edges: Float64Array.from(edges), regionLeft: Uint8Array.from(left), index };
}

/** Where a point lies relative to a prepared region: 1 inside, 0 on its boundary, -1 outside. */
function classify(g: Prepared, x: number, y: number): -1 | 0 | 1 {
  let inside = false;
  // Only edges that reach the point's latitude at or east of it can hold the point or cross its ray.
  for (const i of g.index?.search(x, y, Number.POSITIVE_INFINITY, y) ?? []) {
    const ax = g.edges[4 * i]!;
    const ay = g.edges[4 * i + 1]!;
    const bx = g.edges[4 * i + 2]!;
    const by = g.edges[4 * i + 3]!;
    if (onSegment(ax, ay, bx, by, x, y)) return 0;
    if (crosses(ax, ay, bx, by, x, y)) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** A piece of one boundary between two consecutive points where the other boundary touches it. */
type Piece =
  /** the piece runs along an edge of the other boundary; sameSide: both regions lie on the same side of it */
  | { kind: "shared"; sameSide: boolean }
  /** the piece meets the other boundary at most at its ends; where: its midpoint relative to the other region */
  | { kind: "free"; where: -1 | 0 | 1 };

/**
 * Walks the boundary of `a` cut at every point where the boundary of `b` touches it, and hands each piece to
 * `visit` (which returns true to stop). Answers "crossing" as soon as the two boundaries cross properly.
 */
function walkPieces(a: Prepared, b: Prepared, visit: (p: Piece) => boolean): "crossing" | "stopped" | "done" {
  const e = a.edges;
  const f = b.edges;
  const cuts: number[] = [];
  for (let i = 0; i < a.regionLeft.length; i++) {
    const ax = e[4 * i]!;
    const ay = e[4 * i + 1]!;
    const bx = e[4 * i + 2]!;
    const by = e[4 * i + 3]!;
    const near = b.index?.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)) ?? [];
    cuts.length = 0;
    for (const j of near) {
      const cx = f[4 * j]!;
      const cy = f[4 * j + 1]!;
      const dx = f[4 * j + 2]!;
      const dy = f[4 * j + 3]!;
      const d1 = orient(ax, ay, bx, by, cx, cy);
      const d2 = orient(ax, ay, bx, by, dx, dy);
      if (d1 * d2 < 0 && orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0) return "crossing";
      if (d1 === 0 && withinSegment(ax, ay, bx, by, cx, cy)) cuts.push(cx, cy);
      if (d2 === 0 && withinSegment(ax, ay, bx, by, dx, dy)) cuts.push(dx, dy);
    }
    // The cut points are on the segment: order them along it by its dominant coordinate.
    const byX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const dir = byX ? Math.sign(bx - ax) : Math.sign(by - ay);
    const pts: [number, number][] = [[ax, ay]];
    const order: [number, number][] = [];
    for (let k = 0; k < cuts.length; k += 2) order.push([cuts[k]!, cuts[k + 1]!]);
    order.sort((p, q) => dir * (byX ? p[0] - q[0] : p[1] - q[1]));
    for (const p of order) {
      const last = pts[pts.length - 1]!;
      if (p[0] !== last[0] || p[1] !== last[1]) pts.push(p);
    }
    const lastPt = pts[pts.length - 1]!;
    if (lastPt[0] !== bx || lastPt[1] !== by) pts.push([bx, by]);
    for (let k = 0; k + 1 < pts.length; k++) {
      const [ux, uy] = pts[k]!;
      const [wx, wy] = pts[k + 1]!;
      // A piece may run along several edges of the other boundary (parts or rings touching along it): the other
      // region lies on a side if any of them has it there.
      let shared = false;
      let sameSide = false;
      const aLeft = a.regionLeft[i] === 1;
      for (const j of near) {
        const cx = f[4 * j]!;
        const cy = f[4 * j + 1]!;
        const dx = f[4 * j + 2]!;
        const dy = f[4 * j + 3]!;
        if (
          withinSegment(cx, cy, dx, dy, ux, uy) &&
          withinSegment(cx, cy, dx, dy, wx, wy) &&
          orient(cx, cy, dx, dy, ux, uy) === 0 &&
          orient(cx, cy, dx, dy, wx, wy) === 0
        ) {
          // Collinear: the directions are compared on the coordinate that varies.
          const same = ux !== wx ? Math.sign(wx - ux) === Math.sign(dx - cx) : Math.sign(wy - uy) === Math.sign(dy - cy);
          const bLeft = (b.regionLeft[j] === 1) === same;
          shared = true;
          if (aLeft === bLeft) sameSide = true;
        }
      }
      const piece: Piece = shared ? { kind: "shared", sameSide } : { kind: "free", where: classify(b, (ux + wx) / 2, (uy + wy) / 2) };
      if (visit(piece)) return "stopped";
    }
  }
  return "done";
}

function preparedOf(g: Geometry | PolygonCoordinates[]): Prepared {
  return prepare(Array.isArray(g) ? g : polygonsOf(g as Geometry));
}

function boxesMeet(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Whether `child` lies inside `parent` (holes of the parent excluded). The boundaries may touch or coincide.
 * Both must be valid (see `geometryIssue`).
 */
export function containsPolygon(parent: Geometry, child: Geometry): boolean {
  const pb = bbox(parent);
  const cb = bbox(child);
  if (cb[0] < pb[0] || cb[1] < pb[1] || cb[2] > pb[2] || cb[3] > pb[3]) return false;
  return contains(preparedOf(parent), preparedOf(child));
}

function contains(p: Prepared, c: Prepared): boolean {
  // The child's boundary must stay in the parent: no crossing, no piece outside, no shared edge with the
  // child's region on the parent's outer side.
  const outward = walkPieces(c, p, (piece) => (piece.kind === "shared" ? !piece.sameSide : piece.where < 0));
  if (outward !== "done") return false;
  // And no part of the parent's boundary (a hole, a notch) may run through the child's interior.
  return walkPieces(p, c, (piece) => piece.kind === "free" && piece.where > 0) === "done";
}

/**
 * Whether the interiors of two geometries meet in a region of positive area. Touching along edges or at
 * vertices is not overlap; identical geometries overlap.
 */
export function polygonsOverlap(a: Geometry, b: Geometry): boolean {
  if (!boxesMeet(bbox(a), bbox(b))) return false;
  return overlap(preparedOf(a), preparedOf(b));
}

/** Whether two boundaries run along each other for some length. */
function shareEdge(a: Prepared, b: Prepared): boolean {
  return walkPieces(a, b, (piece) => piece.kind === "shared") === "stopped";
}

function overlap(a: Prepared, b: Prepared): boolean {
  const hit = (piece: Piece) => (piece.kind === "shared" ? piece.sameSide : piece.where > 0);
  if (walkPieces(a, b, hit) !== "done") return true;
  return walkPieces(b, a, (piece) => piece.kind === "free" && piece.where > 0) !== "done";
}

// ---------------------------------------------------------------------------------------------------------
// Validity

export const GEOMETRY_PROBLEMS = [
  "invalid_position",
  "too_few_positions",
  "ring_not_closed",
  "zero_area",
  "self_intersection",
  "hole_outside",
  "holes_overlap",
  "parts_overlap",
  "rings_share_edge",
] as const;
export type GeometryProblem = (typeof GEOMETRY_PROBLEMS)[number];

/** What is wrong with a geometry, and where: the polygon (part) and ring, when the problem has one. */
export interface GeometryIssue {
  reason: GeometryProblem;
  polygon: number;
  ring: number | null;
}

/** Problems of one ring: closure, size, area and self-intersection. */
export function ringProblem(ring: Ring): GeometryProblem | null {
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return "invalid_position";
  }
  if (ring.length < 4) return "too_few_positions";
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return "ring_not_closed";
  // Repeated consecutive positions are tolerated: drop them.
  const pts: Position[] = [first];
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i]!;
    const q = pts[pts.length - 1]!;
    if (p[0] !== q[0] || p[1] !== q[1]) pts.push(p);
  }
  const n = pts.length - 1;
  if (n < 3) return "zero_area";
  const a = pts[0]!;
  const b = pts[1]!;
  let flat = true;
  for (let k = 2; k < n && flat; k++) flat = orient(a[0]!, a[1]!, b[0]!, b[1]!, pts[k]![0]!, pts[k]![1]!) === 0;
  if (flat) return "zero_area";
  return ringSelfIntersects(pts) ? "self_intersection" : null;
}

/** Whether a closed ring without repeated consecutive positions touches itself anywhere but between neighbouring edges' shared vertex. */
function ringSelfIntersects(pts: readonly Position[]): boolean {
  const n = pts.length - 1;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
  }
  index.finish();
  for (let i = 0; i < n; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    const ax = a[0]!;
    const ay = a[1]!;
    const bx = b[0]!;
    const by = b[1]!;
    for (const j of index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
      if (j <= i) continue;
      const c = pts[j]!;
      const d = pts[j + 1]!;
      const cx = c[0]!;
      const cy = c[1]!;
      const dx = d[0]!;
      const dy = d[1]!;
      if (j === i + 1 || (i === 0 && j === n - 1)) {
        // Neighbours share one vertex; they must not fold back over each other.
        const [vx, vy, ux, uy, wx, wy] = j === i + 1 ? [bx, by, ax, ay, dx, dy] : [ax, ay, bx, by, cx, cy];
        if (
          orient(ux, uy, vx, vy, wx, wy) === 0 &&
          Math.sign(ux - vx) === Math.sign(wx - vx) &&
          Math.sign(uy - vy) === Math.sign(wy - vy)
        ) {
          return true;
        }
        continue;
      }
      if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return true;
    }
  }
  return false;
}

/**
 * The first problem of a geometry, or null when it is valid (the OGC simple-features rules): every ring
 * closed with at least four positions, not self-intersecting and of non-zero area; holes inside their polygon
 * and apart from each other; the parts of a MultiPolygon apart from each other. Rings may touch at points but
 * not run along each other (two parts sharing an edge are one polygon).
 */
export function geometryIssue(g: Geometry): GeometryIssue | null {
  const polys = polygonsOf(g);
  for (const [pi, poly] of polys.entries()) {
    if (!Array.isArray(poly) || poly.length === 0) return { reason: "too_few_positions", polygon: pi, ring: null };
    for (const [ri, ring] of poly.entries()) {
      const reason = Array.isArray(ring) ? ringProblem(ring) : "invalid_position";
      if (reason) return { reason, polygon: pi, ring: ri };
    }
    const outer = prepare([[poly[0]!]]);
    const holes = poly.slice(1).map((h) => ({ prepared: prepare([[h]]), box: bbox({ type: "Polygon", coordinates: [h] }) }));
    for (const [hi, h] of holes.entries()) {
      if (!contains(outer, h.prepared)) return { reason: "hole_outside", polygon: pi, ring: hi + 1 };
      if (shareEdge(h.prepared, outer)) return { reason: "rings_share_edge", polygon: pi, ring: hi + 1 };
      for (let k = 0; k < hi; k++) {
        if (!boxesMeet(holes[k]!.box, h.box)) continue;
        if (overlap(holes[k]!.prepared, h.prepared)) return { reason: "holes_overlap", polygon: pi, ring: hi + 1 };
        if (shareEdge(h.prepared, holes[k]!.prepared)) return { reason: "rings_share_edge", polygon: pi, ring: hi + 1 };
      }
    }
  }
  if (polys.length > 1) {
    const parts = polys.map((p) => ({ prepared: prepare([p]), box: bbox({ type: "Polygon", coordinates: p }) }));
    for (let i = 1; i < parts.length; i++) {
      for (let k = 0; k < i; k++) {
        if (!boxesMeet(parts[k]!.box, parts[i]!.box)) continue;
        if (overlap(parts[k]!.prepared, parts[i]!.prepared)) return { reason: "parts_overlap", polygon: i, ring: null };
        if (shareEdge(parts[i]!.prepared, parts[k]!.prepared)) return { reason: "rings_share_edge", polygon: i, ring: null };
      }
    }
  }
  return null;
}
