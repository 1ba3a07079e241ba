import { type Grid, type GridGeometry, scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { bbox, containsPolygon, geometryIssue, polygonsOverlap } from "./geometry.js";
import { currentGridIndex, type GridLevel, type GridNode, markGridsChanged } from "./grid-index.js";
import {
  areaExists,
  childShapes,
  findGrid,
  findGridShape,
  type GridShape,
  type GridValues,
  gridCodeTaken,
  insertGrid as insertGridRow,
  partyOrgInScope,
  personInScope,
  siblingCandidates,
  toGrid,
  updateGrid,
} from "./grids.repository.js";

/** Grid levels from the top: a grid's parent is of a higher level (街道 → 社区 → 小区). */
export const LEVEL_RANK: Record<GridLevel, number> = { street: 0, community: 1, compound: 2 };

export interface GridCreate {
  code: string;
  name: string;
  level: GridLevel;
  parentId?: string | null;
  areaCode: string;
  geometry: GridGeometry;
  workerPersonId?: string | null;
  partyGroupId?: string | null;
}

export type GridPatch = Partial<Omit<GridCreate, "code" | "level">>;

/** A new grid as a caller in the server gives it: its parent by id, or by code as a spreadsheet names it. */
export interface NewGrid extends GridCreate {
  /** the parent's code, looked at when `parentId` is not given */
  parentCode?: string | null;
}

/** A located grid: the lowest-level grid holding a point, and its ancestors from the top down (itself last). */
export interface LocatedGrid extends GridNode {
  path: GridNode[];
}

/**
 * The lowest-level grid holding a point, whatever anyone's scope: for intake, which files a report to the
 * grid it happened in. Callers that answer a client must apply the client's scope themselves.
 */
export async function locateGrid(deps: Pick<Deps, "db">, lng: number, lat: number): Promise<LocatedGrid | null> {
  const index = await currentGridIndex(deps.db);
  const hit = index.locate(lng, lat);
  return hit ? { ...hit, path: index.path(hit) } : null;
}

/** How a grid named in an error is shown: by code and name only when the actor may see it. */
function named(actor: Actor, g: Pick<GridShape, "id" | "code" | "name" | "area_code">) {
  return inActorScope(actor, g.area_code)
    ? { gridId: g.id, gridCode: g.code, gridName: g.name }
    : { gridId: null, gridCode: null, gridName: null };
}

/** A grid as a write would leave it; a new one has no id. */
export interface GridCandidate {
  id: string | null;
  code: string;
  name: string;
  level: GridLevel;
  parentId: string | null;
  /** the parent's code, looked at when `parentId` is null */
  parentCode?: string | null;
  areaCode: string;
  geometry: GridGeometry;
  workerPersonId: string | null;
  partyGroupId: string | null;
}

/** What a write changes, so that only what it touches is checked again. */
export interface GridChanges {
  geometry: boolean;
  parent: boolean;
  area: boolean;
  worker: boolean;
  partyGroup: boolean;
}

const ALL: GridChanges = { geometry: true, parent: true, area: true, worker: true, partyGroup: true };

export interface GridCheckOptions {
  /** what the write changes; everything when left out (a new grid) */
  changed?: GridChanges;
  /**
   * For a new grid, check that its code is free right after its area instead of last: an import reading a
   * file again then reports a row written before by its code, not as overlapping the grid it wrote.
   */
  codeFirst?: boolean;
}

async function requireCodeFree(q: Queryable, code: string): Promise<void> {
  if (await gridCodeTaken(q, code)) throw new AppError("conflict.duplicate", { field: "code" });
}

/**
 * The rules of a grid, checked on `q` in the caller's transaction, which has locked the grids (`lockGrids`);
 * for a new grid, also that its code is free (409). Rows the transaction wrote before count like any other.
 * Errors of the rules are 422 and name the grid they concern (the grid saved, its parent, a sibling or a
 * child) when the actor may see it. Returns the values to write: the parent by id, and the bounding box.
 */
export async function checkGrid(q: Queryable, actor: Actor, g: GridCandidate, opts: GridCheckOptions = {}): Promise<GridValues> {
  const changed = opts.changed ?? ALL;
  const isNew = g.id === null;
  if (changed.area) {
    if (!inActorScope(actor, g.areaCode)) throw new AppError("domain.area_outside_scope", { field: "areaCode" });
    if (!(await areaExists(q, g.areaCode))) throw new AppError("domain.area_unknown", { field: "areaCode" });
  }
  if (isNew && opts.codeFirst) await requireCodeFree(q, g.code);
  if (changed.worker && g.workerPersonId && !(await personInScope(q, actor, g.workerPersonId))) {
    throw new AppError("domain.person_unknown", { field: "workerPersonId" });
  }
  if (changed.partyGroup && g.partyGroupId && !(await partyOrgInScope(q, actor, g.partyGroupId))) {
    throw new AppError("domain.party_org_unknown", { field: "partyGroupId" });
  }
  const self = { gridId: g.id, gridCode: g.code, gridName: g.name };
  if (changed.geometry) {
    const issue = geometryIssue(g.geometry);
    if (issue) throw new AppError("domain.grid_invalid_geometry", { field: "geometry", ...self, ...issue });
  }
  const box = bbox(g.geometry);
  const placed = changed.geometry || changed.parent || changed.area;
  let parentId = g.parentId;
  const parentRef = g.parentId ? { id: g.parentId } : g.parentCode ? { code: g.parentCode } : null;

  if (parentRef && placed) {
    const parent = await findGridShape(q, parentRef);
    const areaInside = !!parent && g.areaCode.startsWith(parent.area_prefix);
    // A parent the actor may not see is reported as unknown, unless it is an ancestor of the grid's own area.
    if (!parent || (!areaInside && !inActorScope(actor, parent.area_code))) {
      throw new AppError("domain.grid_unknown", { field: "parentId" });
    }
    if (LEVEL_RANK[g.level] <= LEVEL_RANK[parent.level]) {
      throw new AppError("domain.grid_parent_level", {
        field: "parentId",
        level: g.level,
        parentLevel: parent.level,
        ...named(actor, parent),
      });
    }
    if (!areaInside) throw new AppError("domain.grid_area_outside_parent", { field: "areaCode", ...named(actor, parent) });
    if (!containsPolygon(parent.geometry, g.geometry)) {
      throw new AppError("domain.grid_outside_parent", { field: "geometry", ...named(actor, parent) });
    }
    parentId = parent.id;
  }

  if (placed) {
    const siblings = await siblingCandidates(q, { id: g.id, parentId, level: g.level, areaCode: g.areaCode, box });
    for (const s of siblings) {
      if (polygonsOverlap(s.geometry, g.geometry)) throw new AppError("domain.grid_overlap", { field: "geometry", ...named(actor, s) });
    }
  }

  if (g.id && (changed.geometry || changed.area)) {
    const prefix = scopePrefix(g.areaCode);
    for (const c of await childShapes(q, g.id)) {
      if (!c.area_code.startsWith(prefix) || !containsPolygon(g.geometry, c.geometry)) {
        throw new AppError("domain.grid_child_outside", { field: changed.geometry ? "geometry" : "areaCode", ...named(actor, c) });
      }
    }
  }
  if (isNew && !opts.codeFirst) await requireCodeFree(q, g.code);
  return {
    code: g.code,
    name: g.name,
    level: g.level,
    parentId,
    areaCode: g.areaCode,
    geometry: g.geometry,
    box,
    workerPersonId: g.workerPersonId,
    partyGroupId: g.partyGroupId,
  };
}

/** Grid writes are serialised, so that two overlapping grids cannot both pass the checks at once. */
export async function lockGrids(q: Queryable): Promise<void> {
  await q.query("LOCK TABLE grids IN SHARE ROW EXCLUSIVE MODE");
}

function duplicateCode(err: unknown): never {
  if ((err as { code?: string })?.code === "23505") throw new AppError("conflict.duplicate", { field: "code" });
  throw err;
}

/**
 * Creates a grid on `q` in the caller's transaction, which has locked the grids (`lockGrids`): checks its
 * rules (see `checkGrid`), inserts it and audits it. The caller marks the grids changed once it has committed.
 */
export async function insertGrid(
  q: Queryable,
  actor: Actor,
  ctx: AuditContext,
  input: NewGrid,
  opts: Pick<GridCheckOptions, "codeFirst"> = {},
): Promise<Grid> {
  const g: GridCandidate = {
    id: null,
    code: input.code,
    name: input.name,
    level: input.level,
    parentId: input.parentId ?? null,
    parentCode: input.parentCode ?? null,
    areaCode: input.areaCode,
    geometry: input.geometry,
    workerPersonId: input.workerPersonId ?? null,
    partyGroupId: input.partyGroupId ?? null,
  };
  const id = await insertGridRow(q, await checkGrid(q, actor, g, { codeFirst: opts.codeFirst }));
  const created = toGrid((await findGrid(q, actor, id))!, actor);
  await writeAudit(q, ctx, { action: "grid.create", objectType: "grid", objectId: id, areaCode: g.areaCode, after: created });
  return created;
}

/** Creates a grid after checking its rules, in a transaction of its own; audited. */
export async function createGrid(deps: Deps, actor: Actor, ctx: AuditContext, input: GridCreate): Promise<Grid> {
  const grid = await deps.db
    .tx(async (q) => {
      await lockGrids(q);
      return insertGrid(q, actor, ctx, input);
    })
    .catch(duplicateCode);
  markGridsChanged(deps.db);
  return grid;
}

/** Updates a grid in the actor's scope (404 otherwise) after checking the rules its change touches; audited. */
export async function patchGrid(deps: Deps, actor: Actor, ctx: AuditContext, id: string, patch: GridPatch): Promise<Grid> {
  const grid = await deps.db.tx(async (q) => {
    await lockGrids(q);
    const row = await findGrid(q, actor, id);
    if (!row) throw notFound();
    const before = toGrid(row, actor);
    const g: GridCandidate = {
      id,
      code: row.code,
      name: patch.name ?? row.name,
      level: row.level,
      parentId: patch.parentId !== undefined ? patch.parentId : row.parent_id,
      areaCode: patch.areaCode ?? row.area_code,
      geometry: patch.geometry ?? row.geometry!,
      workerPersonId: patch.workerPersonId !== undefined ? patch.workerPersonId : row.worker_person_id,
      partyGroupId: patch.partyGroupId !== undefined ? patch.partyGroupId : row.party_group_id,
    };
    const changed: GridChanges = {
      geometry: patch.geometry !== undefined && JSON.stringify(patch.geometry) !== JSON.stringify(row.geometry),
      parent: g.parentId !== row.parent_id,
      area: g.areaCode !== row.area_code,
      worker: g.workerPersonId !== row.worker_person_id,
      partyGroup: g.partyGroupId !== row.party_group_id,
    };
    await updateGrid(q, id, await checkGrid(q, actor, g, { changed }));
    const after = toGrid((await findGrid(q, actor, id))!, actor);
    await writeAudit(q, ctx, { action: "grid.update", objectType: "grid", objectId: id, areaCode: g.areaCode, before, after });
    return after;
  });
  markGridsChanged(deps.db);
  return grid;
}
