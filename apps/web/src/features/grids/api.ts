// Data hooks for grids (网格): lists, boundaries for the map, one grid, and locating a point.
import { useQuery } from "@tanstack/react-query";
import { type ListParams, listKeys, usePageQuery, useRecordQuery } from "../../app/queries";
import { api } from "../../shared/api";
import type { Grid, GridLevel, GridLocation, Page } from "../../shared/types";

export interface GridListParams extends ListParams {
  areaCode?: string;
  level?: GridLevel;
  parentId?: string;
}

export const gridKeys = {
  ...listKeys<GridListParams>("grids"),
  geometry: (params: { areaCode?: string; level?: GridLevel }) => ["grids", "geometry", params] as const,
  locate: (lng: number, lat: number) => ["grids", "locate", lng, lat] as const,
};

export function useGrids(params: GridListParams, enabled = true) {
  return usePageQuery<Grid>(gridKeys.list(params), "/api/v1/grids", params, enabled);
}

/** Most grids a map draws; the server hands out up to 1000 with boundaries per page. */
export const MAP_PAGE_SIZE = 1000;
export const MAP_MAX_PAGES = 5;

export interface GridGeometryResult {
  items: Grid[];
  total: number;
  /** true when the area holds more grids than a map draws */
  truncated: boolean;
}

/** All grids of an area (or the whole scope) with their boundaries, fetched page by page. */
export async function fetchGridGeometry(
  params: { areaCode?: string; level?: GridLevel },
  signal?: AbortSignal,
): Promise<GridGeometryResult> {
  const query = (page: number) => ({ ...params, withGeometry: true, page, pageSize: MAP_PAGE_SIZE });
  const first = await api<Page<Grid>>("/api/v1/grids", { query: query(1), signal });
  const pages = Math.min(MAP_MAX_PAGES, Math.ceil(first.total / MAP_PAGE_SIZE));
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => api<Page<Grid>>("/api/v1/grids", { query: query(i + 2), signal })),
  );
  const items = [first, ...rest].flatMap((p) => p.items);
  return { items, total: first.total, truncated: items.length < first.total };
}

export function useGridGeometry(params: { areaCode?: string; level?: GridLevel }, enabled = true) {
  return useQuery({
    queryKey: gridKeys.geometry(params),
    queryFn: ({ signal }) => fetchGridGeometry(params, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useGrid(id: string | null | undefined) {
  return useRecordQuery<Grid>(gridKeys.one(id ?? ""), "/api/v1/grids", id);
}

export function useLocateGrid(point: readonly [number, number] | null) {
  return useQuery({
    queryKey: gridKeys.locate(point?.[0] ?? 0, point?.[1] ?? 0),
    queryFn: ({ signal }) => api<GridLocation>("/api/v1/grids/locate", { query: { lng: point?.[0], lat: point?.[1] }, signal }),
    enabled: !!point,
    staleTime: 5 * 60_000,
  });
}
