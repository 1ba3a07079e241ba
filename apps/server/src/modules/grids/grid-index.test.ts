import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Geometry, orient, pointInGeometry } from "./geometry.js";
import { GridIndex, type GridNode } from "./grid-index.js";
import { jitteredLattice, type Lattice, seededRandom } from "./lattice.js";

type Cell = GridNode & { geometry: Geometry; col: number; row: number };

function tiling(l: Lattice): Cell[] {
  const cells: Cell[] = [];
  for (let r = 0; r < l.rows; r++) {
    for (let c = 0; c < l.cols; c++) {
      const k = r * l.cols + c;
      cells.push({
        id: `cell-${c}-${r}`,
        code: `G${String(k).padStart(4, "0")}`,
        name: `网格${c}-${r}`,
        level: "compound",
        areaCode: "150603002001",
        parentId: null,
        geometry: l.cell(c, r),
        col: c,
        row: r,
      });
    }
  }
  return cells;
}

const lerp = (a: readonly number[], b: readonly number[], t: number): [number, number] => [
  a[0]! + (b[0]! - a[0]!) * t,
  a[1]! + (b[1]! - a[1]!) * t,
];

const latticeArb = fc.record({
  cols: fc.integer({ min: 1, max: 7 }),
  rows: fc.integer({ min: 1, max: 7 }),
  seed: fc.integer(),
  snap: fc.boolean(),
});

function build({ cols, rows, seed, snap }: { cols: number; rows: number; seed: number; snap: boolean }) {
  const random = seededRandom(seed);
  const l = jitteredLattice({
    cols,
    rows,
    origin: [109.75, 39.5],
    cell: 2 ** -10,
    jitter: 0.2,
    random,
    // Snapped to 2^-24 degrees, vertices make midpoints and quarter points of edges exact: points truly on edges.
    quantum: snap ? 2 ** -24 : 0,
    scrambleRings: true,
  });
  const cells = tiling(l);
  return { l, cells, index: GridIndex.build(cells), random };
}

describe("locating points in a jittered tiling", () => {
  it("resolves random points inside a cell to that cell", () => {
    fc.assert(
      fc.property(latticeArb, (spec) => {
        const { l, cells, index, random } = build(spec);
        for (const cell of cells) {
          const corners = [
            l.vertex(cell.col, cell.row),
            l.vertex(cell.col + 1, cell.row),
            l.vertex(cell.col + 1, cell.row + 1),
            l.vertex(cell.col, cell.row + 1),
          ];
          for (let k = 0; k < 8; k++) {
            // A convex combination with every weight ≥ 0.05 lies strictly inside the (convex) cell.
            const w = corners.map(() => 0.05 + random());
            const sum = w.reduce((s, v) => s + v, 0);
            const x = corners.reduce((s, p, i) => s + (p[0] * w[i]!) / sum, 0);
            const y = corners.reduce((s, p, i) => s + (p[1] * w[i]!) / sum, 0);
            expect(index.locate(x, y)?.id).toBe(cell.id);
            expect(cells.filter((c) => pointInGeometry(c.geometry, x, y)).map((c) => c.id)).toEqual([cell.id]);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it("gives points on shared edges and shared vertices to exactly one cell, one of those sharing them", () => {
    fc.assert(
      fc.property(latticeArb, (spec) => {
        const { l, cells, index } = build(spec);
        const holders = (x: number, y: number) => cells.filter((c) => pointInGeometry(c.geometry, x, y));
        const cellAt = (c: number, r: number) => (c >= 0 && r >= 0 && c < l.cols && r < l.rows ? `cell-${c}-${r}` : null);
        // Every vertex: interior ones are shared by four cells and go to exactly one of them; on the outline, to at most one.
        for (let j = 0; j <= l.rows; j++) {
          for (let i = 0; i <= l.cols; i++) {
            const [x, y] = l.vertex(i, j);
            const h = holders(x, y);
            const around = [cellAt(i - 1, j - 1), cellAt(i, j - 1), cellAt(i - 1, j), cellAt(i, j)];
            const interior = i > 0 && j > 0 && i < l.cols && j < l.rows;
            if (interior) expect(h.length).toBe(1);
            else expect(h.length).toBeLessThanOrEqual(1);
            for (const c of h) expect(around).toContain(c.id);
            expect(index.locate(x, y)?.id ?? null).toBe(h[0]?.id ?? null);
          }
        }
        // Points along every edge between two lattice vertices.
        const edges: { a: [number, number]; b: [number, number]; sides: (string | null)[] }[] = [];
        for (let j = 0; j <= l.rows; j++) {
          for (let i = 0; i < l.cols; i++)
            edges.push({ a: l.vertex(i, j), b: l.vertex(i + 1, j), sides: [cellAt(i, j - 1), cellAt(i, j)] });
        }
        for (let j = 0; j < l.rows; j++) {
          for (let i = 0; i <= l.cols; i++)
            edges.push({ a: l.vertex(i, j), b: l.vertex(i, j + 1), sides: [cellAt(i - 1, j), cellAt(i, j)] });
        }
        for (const e of edges) {
          const shared = e.sides.every((s) => s !== null);
          for (const t of [0.25, 0.5, 0.75]) {
            const [x, y] = lerp(e.a, e.b, t);
            if (spec.snap) expect(orient(e.a[0], e.a[1], e.b[0], e.b[1], x, y)).toBe(0);
            const h = holders(x, y);
            if (shared) expect(h.length).toBe(1);
            else expect(h.length).toBeLessThanOrEqual(1);
            for (const c of h) expect(e.sides).toContain(c.id);
            expect(index.locate(x, y)?.id ?? null).toBe(h[0]?.id ?? null);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it("answers null outside the tiling", () => {
    fc.assert(
      fc.property(latticeArb, fc.double({ min: 0, max: 1, noNaN: true }), (spec, t) => {
        const { l, index } = build(spec);
        const span = 2 ** -10;
        const [x0, y0] = [109.75 - span, 39.5 - span];
        const [x1, y1] = [109.75 + (l.cols + 1) * span, 39.5 + (l.rows + 1) * span];
        const along = (a: number, b: number) => a + (b - a) * t;
        for (const [x, y] of [
          [x0, along(y0, y1)],
          [x1, along(y0, y1)],
          [along(x0, x1), y0],
          [along(x0, x1), y1],
          [0, 0],
        ] as const) {
          expect(index.locate(x, y)).toBeNull();
        }
      }),
      { numRuns: 100 },
    );
  });

  it("indexes only the lowest-level grids and gives a grid's path from the top", () => {
    const square = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
      type: "Polygon",
      coordinates: [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ],
    });
    const base = { areaCode: "150603002000" };
    const index = GridIndex.build([
      { ...base, id: "s", code: "S", name: "街道网格", level: "street", parentId: null, geometry: square(0, 0, 2, 1) },
      { ...base, id: "c1", code: "C1", name: "社区一", level: "community", parentId: "s", geometry: square(0, 0, 1, 1) },
      { ...base, id: "c2", code: "C2", name: "社区二", level: "community", parentId: "s", geometry: square(1, 0, 2, 1) },
      { ...base, id: "k", code: "K", name: "小区", level: "compound", parentId: "c1", geometry: square(0, 0, 0.5, 0.5) },
    ]);
    expect(index.leaves.map((g) => g.id)).toEqual(["c2", "k"]);
    expect(index.locate(0.25, 0.25)?.id).toBe("k");
    expect(index.path(index.locate(0.25, 0.25)!).map((g) => g.id)).toEqual(["s", "c1", "k"]);
    expect(index.locate(1.5, 0.5)?.id).toBe("c2");
    // In the community grid but in none of its compounds: no lowest-level grid holds it.
    expect(index.locate(0.75, 0.75)).toBeNull();
    expect(GridIndex.build([]).locate(0, 0)).toBeNull();
  });
});
