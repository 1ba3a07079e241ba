import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bbox,
  containsPolygon,
  crossingEdges,
  type Geometry,
  geometryIssue,
  orient,
  orientExact,
  pointInEdges,
  pointInGeometry,
  polygonsOverlap,
  type Ring,
  ringProblem,
} from "./geometry.js";
import { jitteredLattice, seededRandom } from "./lattice.js";

const poly = (...rings: number[][][]): Geometry => ({ type: "Polygon", coordinates: rings });
const multi = (...polys: number[][][][]): Geometry => ({ type: "MultiPolygon", coordinates: polys });
/** An axis-aligned rectangle as a closed counter-clockwise ring. */
const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const box = (x0: number, y0: number, x1: number, y1: number) => poly(rect(x0, y0, x1, y1));
const reversed = (ring: number[][]) => [...ring].reverse();

describe("bbox", () => {
  it("spans every position of every part", () => {
    expect(bbox(multi([rect(1, 2, 3, 4)], [rect(-1, 5, 0, 6)]))).toEqual([-1, 2, 3, 6]);
  });
});

describe("orient", () => {
  it("is exact where the naive determinant is wrong", () => {
    // Near-collinear points around (0.5, 0.5) on the line y = x: the naive formula gets signs wrong here.
    const naive = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
      Math.sign((ax - cx) * (by - cy) - (ay - cy) * (bx - cx));
    let disagreements = 0;
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const cx = 0.5 + i * 2 ** -53;
        const cy = 0.5 + j * 2 ** -53;
        const exact = orientExact(12, 12, 24, 24, cx, cy);
        expect(orient(12, 12, 24, 24, cx, cy)).toBe(exact);
        expect(exact).toBe(Math.sign(cy - cx));
        if (naive(12, 12, 24, 24, cx, cy) !== exact) disagreements++;
      }
    }
    expect(disagreements).toBeGreaterThan(0);
  });

  it("agrees with exact arithmetic on random near-collinear triples", () => {
    const coord = fc.double({ min: 100, max: 120, noNaN: true });
    fc.assert(
      fc.property(
        coord,
        coord,
        coord,
        coord,
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.integer({ min: -4, max: 4 }),
        (ax, ay, bx, by, t, k) => {
          const cx = ax + t * (bx - ax) + k * 2 ** -45;
          const cy = ay + t * (by - ay);
          expect(orient(ax, ay, bx, by, cx, cy)).toBe(orientExact(ax, ay, bx, by, cx, cy));
          expect(orient(bx, by, ax, ay, cx, cy)).toBe(0 - orientExact(ax, ay, bx, by, cx, cy));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("validity", () => {
  it("accepts simple rings in either direction, with holes, and repeated consecutive positions", () => {
    expect(geometryIssue(box(0, 0, 1, 1))).toBeNull();
    expect(geometryIssue(poly(reversed(rect(0, 0, 1, 1))))).toBeNull();
    expect(geometryIssue(poly(rect(0, 0, 4, 4), reversed(rect(1, 1, 2, 2)), rect(2, 2, 3, 3)))).toBeNull();
    expect(
      geometryIssue(
        poly([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBeNull();
    // Parts of a MultiPolygon and holes may touch at points.
    expect(geometryIssue(multi([rect(0, 0, 1, 1)], [rect(1, 1, 2, 2)]))).toBeNull();
    expect(geometryIssue(poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2), rect(2, 2, 3, 3)))).toBeNull();
    expect(
      geometryIssue(
        poly(rect(0, 0, 4, 4), [
          [0, 0],
          [1, 2],
          [2, 1],
          [0, 0],
        ]),
      ),
    ).toBeNull();
  });

  it.each<[string, Ring, string]>([
    ["unclosed", rect(0, 0, 1, 1).slice(0, 4), "ring_not_closed"],
    [
      "three positions",
      [
        [0, 0],
        [1, 0],
        [0, 0],
      ],
      "too_few_positions",
    ],
    [
      "collinear",
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [0, 0],
      ],
      "zero_area",
    ],
    [
      "two distinct positions",
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      "zero_area",
    ],
    [
      "bow-tie",
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
      "self_intersection",
    ],
    [
      "spike folding back",
      [
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
      "self_intersection",
    ],
    [
      "pinched at a vertex",
      [
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ],
      "self_intersection",
    ],
    [
      "vertex on a non-adjacent edge",
      [
        [0, 0],
        [2, 0],
        [2, 2],
        [1, 0],
        [0, 2],
        [0, 0],
      ],
      "self_intersection",
    ],
    [
      "non-finite",
      [
        [0, 0],
        [Number.NaN, 0],
        [1, 1],
        [0, 0],
      ],
      "invalid_position",
    ],
  ])("rejects a ring that is %s", (_label, ring, reason) => {
    expect(ringProblem(ring)).toBe(reason);
    expect(geometryIssue(poly(ring as number[][]))).toMatchObject({ reason, polygon: 0, ring: 0 });
  });

  it("rejects holes outside their polygon or overlapping each other, and overlapping parts", () => {
    expect(geometryIssue(poly(rect(0, 0, 2, 2), rect(1, 1, 3, 3)))).toMatchObject({ reason: "hole_outside", ring: 1 });
    expect(geometryIssue(poly(rect(0, 0, 2, 2), rect(5, 5, 6, 6)))).toMatchObject({ reason: "hole_outside", ring: 1 });
    expect(geometryIssue(poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2), rect(1.5, 1.5, 3, 3)))).toMatchObject({
      reason: "holes_overlap",
      ring: 2,
    });
    expect(geometryIssue(multi([rect(0, 0, 2, 2)], [rect(1, 1, 3, 3)]))).toMatchObject({ reason: "parts_overlap", polygon: 1 });
  });

  it("rejects rings that run along each other: parts sharing an edge, a hole along the shell or another hole", () => {
    expect(geometryIssue(multi([rect(0, 0, 1, 1)], [rect(1, 0.5, 2, 2)]))).toMatchObject({ reason: "rings_share_edge", polygon: 1 });
    expect(geometryIssue(poly(rect(0, 0, 4, 4), rect(0, 1, 1, 2)))).toMatchObject({ reason: "rings_share_edge", ring: 1 });
    expect(geometryIssue(poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2), rect(2, 1, 3, 2)))).toMatchObject({
      reason: "rings_share_edge",
      ring: 2,
    });
  });
});

describe("point in polygon", () => {
  const withHole = poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2));

  it("respects holes and parts", () => {
    expect(pointInGeometry(withHole, 0.5, 0.5)).toBe(true);
    expect(pointInGeometry(withHole, 1.5, 1.5)).toBe(false);
    expect(pointInGeometry(withHole, 5, 5)).toBe(false);
    const m = multi([rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]);
    expect(pointInGeometry(m, 2.5, 0.5)).toBe(true);
    expect(pointInGeometry(m, 1.5, 0.5)).toBe(false);
  });

  it("gives a point on a shared edge or vertex to exactly one of the neighbours, whatever their ring directions", () => {
    // Four unit squares around (1, 1), two of them with clockwise rings.
    const squares = [poly(rect(0, 0, 1, 1)), poly(reversed(rect(1, 0, 2, 1))), poly(rect(0, 1, 1, 2)), poly(reversed(rect(1, 1, 2, 2)))];
    const holders = (x: number, y: number) => squares.filter((s) => pointInGeometry(s, x, y)).length;
    for (const [x, y] of [
      [1, 1],
      [1, 0.5],
      [1, 1.5],
      [0.5, 1],
      [1.5, 1],
      [0.25, 1],
      [1, 0.75],
    ] as const) {
      expect(holders(x, y), `(${x}, ${y})`).toBe(1);
    }
    // East of a shared edge, north of a shared east-west edge.
    expect(pointInGeometry(squares[1]!, 1, 0.5)).toBe(true);
    expect(pointInGeometry(squares[2]!, 0.5, 1)).toBe(true);
    expect(pointInGeometry(squares[3]!, 1, 1)).toBe(true);
  });

  it("answers the same through prepared edges", () => {
    const r = seededRandom(7);
    const edges = crossingEdges(withHole);
    for (let i = 0; i < 2000; i++) {
      const x = Math.round((r() * 6 - 1) * 8) / 8;
      const y = Math.round((r() * 6 - 1) * 8) / 8;
      expect(pointInEdges(edges, x, y)).toBe(pointInGeometry(withHole, x, y));
    }
  });
});

describe("containment", () => {
  const parent = box(0, 0, 4, 4);

  it("holds for a child inside, touching or coinciding with the boundary", () => {
    expect(containsPolygon(parent, box(1, 1, 2, 2))).toBe(true);
    expect(containsPolygon(parent, box(0, 0, 2, 2))).toBe(true);
    expect(containsPolygon(parent, box(0, 1, 4, 2))).toBe(true);
    expect(containsPolygon(parent, parent)).toBe(true);
    expect(containsPolygon(parent, poly(reversed(rect(0, 0, 4, 4))))).toBe(true);
    // A triangle touching the boundary only at its vertices.
    expect(
      containsPolygon(
        parent,
        poly([
          [2, 0],
          [4, 2],
          [0, 4],
          [2, 0],
        ]),
      ),
    ).toBe(true);
  });

  it("fails for a child partly or wholly outside", () => {
    expect(containsPolygon(parent, box(3, 3, 5, 5))).toBe(false);
    expect(containsPolygon(parent, box(5, 5, 6, 6))).toBe(false);
    expect(containsPolygon(parent, box(-1, -1, 5, 5))).toBe(false);
    // Crossing the boundary with no vertex outside the parent's box.
    const cross = poly([
      [1, -0.5],
      [2, 2],
      [3, -0.5],
      [1, -0.5],
    ]);
    expect(containsPolygon(parent, cross)).toBe(false);
    // Adjacent outside, sharing an edge.
    expect(containsPolygon(parent, box(4, 0, 5, 4))).toBe(false);
  });

  it("fails for a child bridging a notch with every vertex on the parent's boundary", () => {
    const u = poly([
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ]);
    expect(geometryIssue(u)).toBeNull();
    expect(containsPolygon(u, box(0, 0, 3, 1))).toBe(true);
    expect(
      containsPolygon(
        u,
        poly([
          [0, 3],
          [1, 1],
          [3, 3],
          [0, 3],
        ]),
      ),
    ).toBe(false);
    expect(containsPolygon(u, box(1, 2, 2, 3))).toBe(false);
  });

  it("respects the parent's holes", () => {
    const holed = poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2));
    expect(containsPolygon(holed, box(2, 2, 3, 3))).toBe(true);
    expect(containsPolygon(holed, box(2, 1, 3, 2))).toBe(true);
    expect(containsPolygon(holed, box(0.5, 0.5, 3, 3))).toBe(false);
    expect(containsPolygon(holed, box(1, 1, 2, 2))).toBe(false);
    expect(containsPolygon(holed, box(1.2, 1.2, 1.8, 1.8))).toBe(false);
    expect(containsPolygon(holed, parent)).toBe(false);
    // A child with the same hole is inside.
    expect(containsPolygon(holed, holed)).toBe(true);
  });

  it("works part by part for MultiPolygons", () => {
    const m = multi([rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]);
    expect(containsPolygon(m, box(2.2, 0.2, 2.8, 0.8))).toBe(true);
    expect(containsPolygon(m, multi([rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]))).toBe(true);
    expect(containsPolygon(m, box(0, 0, 3, 1))).toBe(false);
    // Parts touching at a corner.
    const corner = multi([rect(0, 0, 1, 1)], [rect(1, 1, 2, 2)]);
    expect(containsPolygon(corner, box(1, 1, 1.5, 1.5))).toBe(true);
    expect(containsPolygon(corner, box(0.5, 0.5, 1.5, 1.5))).toBe(false);
    expect(polygonsOverlap(corner, box(1, 0, 2, 1))).toBe(false);
    expect(polygonsOverlap(corner, box(0.5, 0.5, 1.5, 1.5))).toBe(true);
  });
});

describe("overlap", () => {
  const a = box(0, 0, 2, 2);

  it("is false for disjoint polygons and for polygons touching along edges or at vertices", () => {
    expect(polygonsOverlap(a, box(3, 3, 4, 4))).toBe(false);
    expect(polygonsOverlap(a, box(2, 0, 3, 2))).toBe(false);
    expect(polygonsOverlap(a, box(2, 1, 3, 3))).toBe(false);
    expect(polygonsOverlap(a, box(2, 2, 3, 3))).toBe(false);
    expect(polygonsOverlap(a, poly(reversed(rect(0, 2, 2, 3))))).toBe(false);
    // Inside the other's hole, touching its boundary.
    expect(polygonsOverlap(poly(rect(0, 0, 4, 4), rect(1, 1, 3, 3)), box(1, 1, 3, 3))).toBe(false);
    expect(polygonsOverlap(poly(rect(0, 0, 4, 4), rect(1, 1, 3, 3)), box(1.5, 1.5, 2, 2))).toBe(false);
  });

  it("is true for partial overlap, containment, identity and crossing shapes", () => {
    expect(polygonsOverlap(a, box(1, 1, 3, 3))).toBe(true);
    expect(polygonsOverlap(a, box(0.5, 0.5, 1, 1))).toBe(true);
    expect(polygonsOverlap(a, box(0, 0, 1, 2))).toBe(true);
    expect(polygonsOverlap(a, a)).toBe(true);
    expect(polygonsOverlap(a, poly(reversed(rect(0, 0, 2, 2))))).toBe(true);
    // A plus sign: no vertex of either lies inside the other.
    expect(polygonsOverlap(box(0, 1, 3, 2), box(1, 0, 2, 3))).toBe(true);
    // The same outline, one with a hole.
    expect(polygonsOverlap(poly(rect(0, 0, 2, 2), rect(0.5, 0.5, 1.5, 1.5)), a)).toBe(true);
    expect(polygonsOverlap(multi([rect(5, 5, 6, 6)], [rect(1, 1, 3, 3)]), a)).toBe(true);
  });

  it("is symmetric and consistent with containment over jittered tilings", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer(), fc.boolean(), (cols, rows, seed, snap) => {
        const l = jitteredLattice({
          cols,
          rows,
          origin: [109.75, 39.5],
          cell: 2 ** -10,
          jitter: 0.2,
          random: seededRandom(seed),
          quantum: snap ? 2 ** -24 : 0,
          scrambleRings: true,
        });
        const outline = l.outline();
        expect(geometryIssue(outline)).toBeNull();
        const cells = [];
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push(l.cell(c, r));
        for (const [i, cell] of cells.entries()) {
          expect(geometryIssue(cell)).toBeNull();
          expect(containsPolygon(outline, cell)).toBe(true);
          expect(polygonsOverlap(outline, cell)).toBe(true);
          if (cells.length > 1) expect(containsPolygon(cell, outline)).toBe(false);
          for (const other of cells.slice(i + 1)) {
            expect(polygonsOverlap(cell, other)).toBe(false);
            expect(polygonsOverlap(other, cell)).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
