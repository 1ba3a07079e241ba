import type { Geometry, Position } from "./geometry.js";

/** A tiling of quadrilateral cells on a jittered lattice: neighbouring cells share their jittered vertices. */
export interface Lattice {
  cols: number;
  rows: number;
  /** lattice vertex (i, j), 0 ≤ i ≤ cols, 0 ≤ j ≤ rows */
  vertex(i: number, j: number): [number, number];
  /** the cell in column c and row r, as a Polygon */
  cell(c: number, r: number): Geometry & { type: "Polygon" };
  /** the outline of the whole tiling, counter-clockwise */
  outline(): Geometry & { type: "Polygon" };
}

export interface LatticeOptions {
  cols: number;
  rows: number;
  /** [lng, lat] of vertex (0, 0) before jitter */
  origin: [number, number];
  /** cell size in degrees */
  cell: number;
  /** how far a vertex may move, as a fraction of the cell size; at most 0.2 keeps every cell convex */
  jitter: number;
  random: () => number;
  /** snap vertices to multiples of this (0: no snapping); a power of two makes midpoints of edges exact */
  quantum?: number;
  /** give cells rings of random direction and starting vertex */
  scrambleRings?: boolean;
}

/** Builds a jittered lattice. */
export function jitteredLattice(o: LatticeOptions): Lattice {
  const { cols, rows } = o;
  const xs = new Float64Array((cols + 1) * (rows + 1));
  const ys = new Float64Array((cols + 1) * (rows + 1));
  const snap = (v: number) => (o.quantum ? Math.round(v / o.quantum) * o.quantum : v);
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const k = j * (cols + 1) + i;
      xs[k] = snap(o.origin[0] + (i + (o.random() * 2 - 1) * o.jitter) * o.cell);
      ys[k] = snap(o.origin[1] + (j + (o.random() * 2 - 1) * o.jitter) * o.cell);
    }
  }
  const vertex = (i: number, j: number): [number, number] => {
    const k = j * (cols + 1) + i;
    return [xs[k]!, ys[k]!];
  };
  const ringOrders = new Map<number, { reverse: boolean; start: number }>();
  return {
    cols,
    rows,
    vertex,
    cell(c, r) {
      let ring: Position[] = [vertex(c, r), vertex(c + 1, r), vertex(c + 1, r + 1), vertex(c, r + 1)];
      if (o.scrambleRings) {
        const key = r * cols + c;
        let order = ringOrders.get(key);
        if (!order) {
          order = { reverse: o.random() < 0.5, start: Math.floor(o.random() * 4) };
          ringOrders.set(key, order);
        }
        if (order.reverse) ring.reverse();
        ring = [...ring.slice(order.start), ...ring.slice(0, order.start)];
      }
      return { type: "Polygon", coordinates: [[...ring, ring[0]!]] };
    },
    outline() {
      const ring: Position[] = [];
      for (let i = 0; i <= cols; i++) ring.push(vertex(i, 0));
      for (let j = 1; j <= rows; j++) ring.push(vertex(cols, j));
      for (let i = cols - 1; i >= 0; i--) ring.push(vertex(i, rows));
      for (let j = rows - 1; j >= 0; j--) ring.push(vertex(0, j));
      return { type: "Polygon", coordinates: [ring] };
    },
  };
}

/** A small seeded generator (mulberry32), so that generated tilings repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
