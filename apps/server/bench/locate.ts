/**
 * Point location throughput: an index over a jittered-lattice tiling of about 2,000 lowest-level grids, then
 * 1,000,000 random points over the tiling's box (a few fall outside). One thread.
 *
 *   node --import tsx apps/server/bench/locate.ts [--cells 2000] [--points 1000000] [--edge-points 0,8]
 *
 * --edge-points adds that many shared, jittered vertices along every cell edge (real boundaries are not
 * quadrilaterals); a comma-separated list runs each.
 */
import { parseArgs } from "node:util";
import type { Geometry, Position } from "../src/modules/grids/geometry.js";
import { GridIndex } from "../src/modules/grids/grid-index.js";
import { jitteredLattice, seededRandom } from "../src/modules/grids/lattice.js";

const { values } = parseArgs({
  options: {
    cells: { type: "string", default: "2000" },
    points: { type: "string", default: "1000000" },
    "edge-points": { type: "string", default: "0,8" },
    seed: { type: "string", default: "20260501" },
  },
});

const CELL = 0.004; // degrees, about 400 m
const ORIGIN: [number, number] = [109.7, 39.55];

function tiling(cellCount: number, edgePoints: number, seed: number) {
  const cols = Math.round(Math.sqrt(cellCount * 1.25));
  const rows = Math.round(cellCount / cols);
  const random = seededRandom(seed);
  const l = jitteredLattice({ cols, rows, origin: ORIGIN, cell: CELL, jitter: 0.2, random });
  // Each lattice edge gets its intermediate vertices once, so both cells along it share them exactly.
  const edges = new Map<string, Position[]>();
  const along = (i1: number, j1: number, i2: number, j2: number): Position[] => {
    const forward = i1 < i2 || (i1 === i2 && j1 < j2);
    const key = forward ? `${i1},${j1},${i2},${j2}` : `${i2},${j2},${i1},${j1}`;
    let pts = edges.get(key);
    if (!pts) {
      const [a, b] = forward ? [l.vertex(i1, j1), l.vertex(i2, j2)] : [l.vertex(i2, j2), l.vertex(i1, j1)];
      const nx = -(b[1] - a[1]);
      const ny = b[0] - a[0];
      pts = [];
      for (let k = 1; k <= edgePoints; k++) {
        const t = k / (edgePoints + 1);
        const off = (random() * 2 - 1) * 0.02;
        pts.push([a[0] + (b[0] - a[0]) * t + nx * off, a[1] + (b[1] - a[1]) * t + ny * off]);
      }
      edges.set(key, pts);
    }
    return forward ? pts : [...pts].reverse();
  };
  const grids: (Parameters<typeof GridIndex.build>[0][number] & { geometry: Geometry })[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const corners: [number, number][] = [
        [c, r],
        [c + 1, r],
        [c + 1, r + 1],
        [c, r + 1],
      ];
      const ring: Position[] = [];
      for (let k = 0; k < 4; k++) {
        const [i1, j1] = corners[k]!;
        const [i2, j2] = corners[(k + 1) % 4]!;
        ring.push(l.vertex(i1, j1), ...along(i1, j1, i2, j2));
      }
      ring.push(ring[0]!);
      const n = grids.length;
      grids.push({
        id: `g${n}`,
        code: `BENCH-${String(n).padStart(5, "0")}`,
        name: `网格${n}`,
        level: "compound",
        areaCode: "150603002001",
        parentId: null,
        geometry: { type: "Polygon", coordinates: [ring] },
      });
    }
  }
  return { grids, cols, rows, vertices: grids.reduce((s, g) => s + (g.geometry.coordinates[0]!.length as number) - 1, 0) };
}

const cellCount = Number(values.cells);
const pointCount = Number(values.points);
const seed = Number(values.seed);

for (const edgePoints of values["edge-points"].split(",").map(Number)) {
  const { grids, cols, rows, vertices } = tiling(cellCount, edgePoints, seed);
  let t0 = performance.now();
  const index = GridIndex.build(grids);
  const buildMs = performance.now() - t0;

  const random = seededRandom(seed + 1);
  const pts = new Float64Array(pointCount * 2);
  const [x0, y0] = [ORIGIN[0] - CELL, ORIGIN[1] - CELL];
  const [w, h] = [(cols + 2) * CELL, (rows + 2) * CELL];
  for (let i = 0; i < pointCount; i++) {
    pts[2 * i] = x0 + random() * w;
    pts[2 * i + 1] = y0 + random() * h;
  }
  // Warm up the JIT on a tenth of the points.
  for (let i = 0; i < pointCount / 10; i++) index.locate(pts[2 * i]!, pts[2 * i + 1]!);

  let found = 0;
  t0 = performance.now();
  for (let i = 0; i < pointCount; i++) if (index.locate(pts[2 * i]!, pts[2 * i + 1]!)) found++;
  const ms = performance.now() - t0;
  const perSecond = Math.round(pointCount / (ms / 1000));
  console.log(
    `${grids.length} grids (${cols}×${rows}, ${Math.round(vertices / grids.length)} vertices each), index built in ${buildMs.toFixed(0)} ms; ` +
      `${pointCount.toLocaleString("en")} points in ${ms.toFixed(0)} ms: ${perSecond.toLocaleString("en")} points/s on one thread ` +
      `(${((100 * found) / pointCount).toFixed(1)}% inside a grid)`,
  );
}
