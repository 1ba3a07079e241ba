import type { GRID_LEVELS } from "@gongzhi/contracts";
import Flatbush from "flatbush";
import type { Db } from "../../db/client.js";
import { versioned } from "../../db/versioned.js";
import { bbox, crossingEdges, type Geometry, pointInEdges } from "./geometry.js";

export type GridLevel = (typeof GRID_LEVELS)[number];

/** What the index keeps of a grid. */
export interface GridNode {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  areaCode: string;
  parentId: string | null;
}

/**
 * An in-memory index of the lowest-level grids (those no grid names as parent) for locating points: an
 * R-tree of their bounding boxes, then the half-open point-in-polygon rule, so a point on a boundary shared by
 * two grids goes to exactly one of them. Immutable: a change to the grids builds a new one.
 */
export class GridIndex {
  private constructor(
    /** the lowest-level grids, by code */
    readonly leaves: readonly GridNode[],
    private readonly edges: readonly Float64Array[],
    private readonly tree: Flatbush | null,
    private readonly nodes: ReadonlyMap<string, GridNode>,
  ) {}

  /** Builds the index from every grid; the geometry is needed of the lowest-level ones only. */
  static build(grids: readonly (GridNode & { geometry: Geometry | null })[]): GridIndex {
    const nodes = new Map<string, GridNode>();
    const parents = new Set<string>();
    for (const g of grids) {
      nodes.set(g.id, { id: g.id, code: g.code, name: g.name, level: g.level, areaCode: g.areaCode, parentId: g.parentId });
      if (g.parentId) parents.add(g.parentId);
    }
    const leaves: GridNode[] = [];
    const edges: Float64Array[] = [];
    const boxes: number[][] = [];
    const sorted = grids.filter((g) => !parents.has(g.id) && g.geometry).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    for (const g of sorted) {
      const prepared = prepareLeaf(g.geometry!);
      if (!prepared) continue;
      leaves.push(nodes.get(g.id)!);
      edges.push(prepared.edges);
      boxes.push(prepared.box);
    }
    let tree: Flatbush | null = null;
    if (leaves.length) {
      tree = new Flatbush(leaves.length);
      for (const b of boxes) tree.add(b[0]!, b[1]!, b[2]!, b[3]!);
      tree.finish();
    }
    return new GridIndex(leaves, edges, tree, nodes);
  }

  /** The lowest-level grid holding the point, or null. Should two overlap there, the one first by code. */
  locate(lng: number, lat: number): GridNode | null {
    if (!this.tree) return null;
    let best = -1;
    // Items are numbered in code order, so the smallest number is the first by code.
    for (const i of this.tree.search(lng, lat, lng, lat)) {
      if ((best < 0 || i < best) && pointInEdges(this.edges[i]!, lng, lat)) best = i;
    }
    return best < 0 ? null : this.leaves[best]!;
  }

  /** The grid and its ancestors, from the top down. */
  path(grid: GridNode): GridNode[] {
    const out: GridNode[] = [];
    const seen = new Set<string>();
    for (let g: GridNode | undefined = grid; g && !seen.has(g.id); g = g.parentId ? this.nodes.get(g.parentId) : undefined) {
      seen.add(g.id);
      out.push(g);
    }
    return out.reverse();
  }
}

/** A leaf's crossing edges and box, or null when its stored geometry is unusable (then it is left out). */
function prepareLeaf(geometry: Geometry): { edges: Float64Array; box: number[] } | null {
  try {
    if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") return null;
    const box = bbox(geometry);
    if (!box.every(Number.isFinite)) return null;
    return { edges: crossingEdges(geometry), box };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// One index per database, kept current

const gridIndexes = versioned("SELECT token::text AS token FROM grids_version", async (db) => {
  const { rows } = await db.query<{
    id: string;
    code: string;
    name: string;
    level: GridLevel;
    area_code: string;
    parent_id: string | null;
    geometry: Geometry | null;
  }>(
    `SELECT g.id, g.code, g.name, g.level, g.area_code, g.parent_id,
            CASE WHEN NOT EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = g.id) THEN g.geometry END AS geometry
       FROM grids g`,
  );
  return GridIndex.build(
    rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      areaCode: r.area_code,
      parentId: r.parent_id,
      geometry: typeof r.geometry === "string" ? (JSON.parse(r.geometry) as Geometry) : r.geometry,
    })),
  );
});

/** Marks the index of this database stale; call after a grid write has committed. */
export function markGridsChanged(db: Db): void {
  gridIndexes.markChanged(db);
}

/**
 * The current index of the database's grids. Built on first use; rebuilt after a write of this process
 * (`markGridsChanged`), and when a check of the grids_version token — at most once every VERSION_CHECK_MS —
 * shows a change made elsewhere.
 */
export function currentGridIndex(db: Db): Promise<GridIndex> {
  return gridIndexes.get(db);
}
