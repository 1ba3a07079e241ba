import type { GridGeometry } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { bbox } from "./geometry.js";
import type { GridLevel } from "./grid-index.js";
import { insertGrid } from "./grids.repository.js";

/** An axis-aligned rectangle as a Polygon (counter-clockwise). */
export function rectangle(minLng: number, minLat: number, maxLng: number, maxLat: number): GridGeometry {
  return {
    type: "Polygon",
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}

/** Inserts a grid directly, without the checks of the API (tests and fixtures). */
export async function buildGrid(
  q: Queryable,
  o: {
    code: string;
    name?: string;
    level?: GridLevel;
    parentId?: string | null;
    areaCode: string;
    geometry: GridGeometry;
    workerPersonId?: string | null;
  },
): Promise<string> {
  return insertGrid(q, {
    code: o.code,
    name: o.name ?? `网格${o.code}`,
    level: o.level ?? "community",
    parentId: o.parentId ?? null,
    areaCode: o.areaCode,
    geometry: o.geometry,
    box: bbox(o.geometry),
    workerPersonId: o.workerPersonId ?? null,
    partyGroupId: null,
  });
}
