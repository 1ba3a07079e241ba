import type { Random } from "./random.js";

/**
 * Plane geometry of the demo city's grids. Each district's communities sit on a jittered lattice of
 * quadrilaterals around the district seat: a street is a block of lattice cells, a community one or two
 * cells of its street's block, and a community's compounds split its cells bilinearly. Every vertex is
 * computed once and shared by all the rings that use it, so neighbouring grids have identical vertices
 * on their common edges and the compounds of a community tile it without gaps or overlaps.
 */

/** [lng, lat] in WGS 84, as in GeoJSON. */
export type Pt = [number, number];
/** A closed ring (first point repeated at the end), counter-clockwise for an outer boundary. */
export type Ring = Pt[];
/** A quadrilateral: bottom-left, bottom-right, top-right, top-left (counter-clockwise). */
export type Quad = [Pt, Pt, Pt, Pt];

const M_PER_DEG = 111_320;
/** lattice cell side, metres */
const CELL_M = 520;
/** vertex jitter, as a share of the cell side */
const JITTER = 0.17;

/** p·(1−t) + q·t, exact at t = 0 and t = 1 so edge points meet the corners exactly. */
function lerp(p: Pt, q: Pt, t: number): Pt {
  return [p[0] * (1 - t) + q[0] * t, p[1] * (1 - t) + q[1] * t];
}

/** The point at (u, v) of a quad; on its edges it reduces to the edge's own interpolation. */
export function bilinear(q: Quad, u: number, v: number): Pt {
  return lerp(lerp(q[0], q[1], u), lerp(q[3], q[2], u), v);
}

export function quadCentre(q: Quad): Pt {
  return [(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4];
}

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

export function ringBBox(ring: Ring): BBox {
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  let c = Number.NEGATIVE_INFINITY;
  let d = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    if (x < a) a = x;
    if (y < b) b = y;
    if (x > c) c = x;
    if (y > d) d = y;
  }
  return [a, b, c, d];
}

export function bboxesOverlap(p: BBox, q: BBox): boolean {
  return p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3];
}

/** Signed shoelace area of a closed ring (square degrees), taken about its first point for precision. */
export function ringArea(ring: Ring): number {
  const [x0, y0] = ring[0]!;
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    s += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  }
  return s / 2;
}

/** Whether a point lies inside a ring (even-odd rule). */
export function pointInRing([x, y]: Pt, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface CommunityPlace {
  /** the community's cells, west to east in one lattice row */
  cells: Quad[];
  ring: Ring;
  centre: Pt;
}
export interface StreetPlace {
  ring: Ring;
  centre: Pt;
}
export interface DistrictLayout {
  streets: Map<string, StreetPlace>;
  communities: Map<string, CommunityPlace>;
  bbox: BBox;
}

interface Block {
  street: string;
  communities: string[];
  rows: number;
  cols: number;
  x: number;
  y: number;
}

/**
 * Lays a district's streets out as rectangular blocks of a jittered lattice around its seat, one or two
 * cells per community, and turns the lattice to a random bearing. The seat falls in the middle of a
 * covered cell, so the district's grids cover it.
 */
export function layoutDistrict(
  r: Random,
  seat: { lat: number; lng: number },
  streets: { code: string; communities: string[] }[],
): DistrictLayout {
  const blocks: Block[] = streets
    .filter((s) => s.communities.length)
    .map((s) => {
      const n = s.communities.length;
      const rows = n <= 3 ? 1 : n <= 8 ? 2 : n <= 15 ? 3 : 4;
      return { street: s.code, communities: s.communities, rows, cols: Math.ceil(n / rows), x: 0, y: 0 };
    });
  // Shelf packing, tallest blocks first; each shelf centred on the widest.
  const order = [...blocks].sort((a, b) => b.rows - a.rows || (a.street < b.street ? -1 : 1));
  const cells = blocks.reduce((s, b) => s + b.rows * b.cols, 0);
  const width = Math.max(...blocks.map((b) => b.cols), Math.ceil(Math.sqrt(cells * 1.15)));
  const shelves: Block[][] = [];
  let x = 0;
  for (const b of order) {
    if (!shelves.length || x + b.cols > width) {
      shelves.push([]);
      x = 0;
    }
    shelves[shelves.length - 1]!.push(b);
    x += b.cols;
  }
  let y = 0;
  for (const shelf of shelves) {
    const used = shelf.reduce((s, b) => s + b.cols, 0);
    let bx = Math.floor((width - used) / 2);
    for (const b of shelf) {
      b.x = bx;
      b.y = y;
      bx += b.cols;
    }
    y += Math.max(...shelf.map((b) => b.rows));
  }
  const height = y;

  // The seat goes to the centre of the covered cell nearest the middle of the layout.
  let seatCell: [number, number] = [0, 0];
  let best = Number.POSITIVE_INFINITY;
  for (const b of blocks) {
    for (let i = b.x; i < b.x + b.cols; i++) {
      for (let j = b.y; j < b.y + b.rows; j++) {
        const d = (i + 0.5 - width / 2) ** 2 + (j + 0.5 - height / 2) ** 2;
        if (d < best) {
          best = d;
          seatCell = [i, j];
        }
      }
    }
  }
  const [ox, oy] = [seatCell[0] + 0.5, seatCell[1] + 0.5];
  const theta = r.range(-0.25, 0.25);
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const dy = CELL_M / M_PER_DEG;
  const dx = CELL_M / (M_PER_DEG * Math.cos((seat.lat * Math.PI) / 180));
  const place = (lx: number, ly: number): Pt => {
    const px = lx - ox;
    const py = ly - oy;
    return [seat.lng + (px * cos - py * sin) * dx, seat.lat + (px * sin + py * cos) * dy];
  };
  const vertices: Pt[][] = [];
  for (let i = 0; i <= width; i++) {
    const col: Pt[] = [];
    for (let j = 0; j <= height; j++) col.push(place(i + r.range(-JITTER, JITTER), j + r.range(-JITTER, JITTER)));
    vertices.push(col);
  }
  const V = (i: number, j: number) => vertices[i]![j]!;
  const cell = (i: number, j: number): Quad => [V(i, j), V(i + 1, j), V(i + 1, j + 1), V(i, j + 1)];

  const streetPlaces = new Map<string, StreetPlace>();
  const communityPlaces = new Map<string, CommunityPlace>();
  for (const b of blocks) {
    const ring: Ring = [];
    for (let i = b.x; i <= b.x + b.cols; i++) ring.push(V(i, b.y));
    for (let j = b.y + 1; j <= b.y + b.rows; j++) ring.push(V(b.x + b.cols, j));
    for (let i = b.x + b.cols - 1; i >= b.x; i--) ring.push(V(i, b.y + b.rows));
    for (let j = b.y + b.rows - 1; j >= b.y; j--) ring.push(V(b.x, j));
    streetPlaces.set(b.street, { ring, centre: place(b.x + b.cols / 2, b.y + b.rows / 2) });

    // Rows from the north; a row one community short gives one of its communities two cells.
    const n = b.communities.length;
    const base = Math.floor(n / b.rows);
    const rem = n - base * b.rows;
    const fullRows = r.shuffle([...Array(b.rows).keys()]).slice(0, rem);
    let k = 0;
    for (let row = b.rows - 1; row >= 0; row--) {
      const count = base + (fullRows.includes(row) ? 1 : 0);
      const wide = count < b.cols ? r.int(0, count - 1) : -1;
      let i = b.x;
      for (let c = 0; c < count; c++) {
        const span = c === wide ? 2 : 1;
        const j = b.y + row;
        const quads: Quad[] = [];
        for (let s = 0; s < span; s++) quads.push(cell(i + s, j));
        const cring: Ring = [];
        for (let s = 0; s <= span; s++) cring.push(V(i + s, j));
        for (let s = span; s >= 0; s--) cring.push(V(i + s, j + 1));
        cring.push(V(i, j));
        communityPlaces.set(b.communities[k++]!, { cells: quads, ring: cring, centre: quadCentre(quads[0]!) });
        i += span;
      }
    }
  }
  let bbox: BBox = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const s of streetPlaces.values()) {
    const q = ringBBox(s.ring);
    bbox = [Math.min(bbox[0], q[0]), Math.min(bbox[1], q[1]), Math.max(bbox[2], q[2]), Math.max(bbox[3], q[3])];
  }
  return { streets: streetPlaces, communities: communityPlaces, bbox };
}

export interface CompoundPlace {
  ring: Ring;
  /** the sub-quads the compound is made of (for placing its buildings) */
  quads: Quad[];
  centre: Pt;
}

/**
 * Splits a community's cells into `m` compounds: a grid of sub-quads in rows, each compound one or more
 * adjacent sub-quads of a row. Interior points are jittered; points on the community's boundary and on
 * the edge between its two cells stay on the straight edges, so the compounds tile the community exactly.
 */
export function subdivide(r: Random, cells: Quad[], m: number): CompoundPlace[] {
  if (m <= 0) return [];
  const k = cells.length;
  const R = Math.min(m, Math.max(1, Math.round(Math.sqrt(m / k))));
  const C = Math.max(1, Math.ceil(m / (R * k)));
  const total = k * C;
  const P: Pt[][] = [];
  for (let t = 0; t <= R; t++) {
    const row: Pt[] = [];
    for (let X = 0; X <= total; X++) {
      const ci = Math.min(Math.floor(X / C), k - 1);
      let u = (X - ci * C) / C;
      let v = t / R;
      if (t > 0 && t < R && X % C !== 0) {
        u += r.range(-0.15, 0.15) / C;
        v += r.range(-0.15, 0.15) / R;
      }
      row.push(bilinear(cells[ci]!, u, v));
    }
    P.push(row);
  }
  const base = Math.floor(m / R);
  const longer = new Set(r.shuffle([...Array(R).keys()]).slice(0, m - base * R));
  const out: CompoundPlace[] = [];
  for (let t = R - 1; t >= 0; t--) {
    const n = base + (longer.has(t) ? 1 : 0);
    const widths = r.shuffle(Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0)));
    let X0 = 0;
    for (const w of widths) {
      const ring: Ring = [];
      for (let X = X0; X <= X0 + w; X++) ring.push(P[t]![X]!);
      for (let X = X0 + w; X >= X0; X--) ring.push(P[t + 1]![X]!);
      ring.push(P[t]![X0]!);
      const quads: Quad[] = [];
      for (let X = X0; X < X0 + w; X++) quads.push([P[t]![X]!, P[t]![X + 1]!, P[t + 1]![X + 1]!, P[t + 1]![X]!]);
      out.push({ ring, quads, centre: quadCentre(quads[Math.floor(w / 2)]!) });
      X0 += w;
    }
  }
  return out;
}

/** A point at `km` kilometres from `from` on the given bearing (radians from east). */
export function offsetKm(from: { lat: number; lng: number }, km: number, bearing: number): { lat: number; lng: number } {
  const lat = from.lat + (km * 1000 * Math.sin(bearing)) / M_PER_DEG;
  const lng = from.lng + (km * 1000 * Math.cos(bearing)) / (M_PER_DEG * Math.cos((from.lat * Math.PI) / 180));
  return { lat, lng };
}
