// Plain geometry helpers for drawing grids (GeoJSON, [lng, lat] positions).
import type { Grid, GridLevel } from "../../shared/types";
import { GRID_LEVELS } from "./constants";

export interface GridFeatureCollection {
  type: "FeatureCollection";
  features: { type: "Feature"; properties: { name: string }; geometry: NonNullable<Grid["geometry"]> }[];
}

/** The grids that have a boundary, as a FeatureCollection named by grid code, larger levels first so smaller ones draw on top. */
export function toFeatureCollection(grids: readonly Grid[]): GridFeatureCollection {
  const order = (l: GridLevel) => GRID_LEVELS.indexOf(l);
  return {
    type: "FeatureCollection",
    features: grids
      .filter((g) => g.geometry)
      .slice()
      .sort((a, b) => order(a.level) - order(b.level))
      .map((g) => ({ type: "Feature", properties: { name: g.code }, geometry: g.geometry as NonNullable<Grid["geometry"]> })),
  };
}

/** The box [minLng, minLat, maxLng, maxLat] around several boxes, or null for none. */
export function unionBbox(boxes: readonly (readonly [number, number, number, number])[]): [number, number, number, number] | null {
  if (boxes.length === 0) return null;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x0, y0, x1, y1] of boxes) {
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
  }
  return [minX, minY, maxX, maxY];
}

/** A coordinate for display: 6 decimals (about 0.1 m). */
export function formatCoord(value: number): string {
  return value.toFixed(6);
}

/** The rings of a grid's boundary, each as a list of [lng, lat] positions (for drawing outlines). */
export function ringsOf(grid: Grid): number[][][] {
  const g = grid.geometry;
  if (!g) return [];
  return g.type === "Polygon" ? g.coordinates : g.coordinates.flat();
}
