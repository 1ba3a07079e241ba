// Data hooks for the area tree.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { Area, Page } from "../../shared/types";

export interface AreaListParams {
  parent?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Lists areas: the children of `parent`, a search across the actor's scope, or (with neither) the scope root. */
export function listAreas(params: AreaListParams, signal?: AbortSignal): Promise<Page<Area>> {
  return api<Page<Area>>("/api/v1/areas", { query: { ...params }, signal });
}

export function getArea(code: string, signal?: AbortSignal): Promise<Area> {
  return api<Area>(`/api/v1/areas/${encodeURIComponent(code)}`, { signal });
}

export const areaKeys = {
  all: ["areas"] as const,
  list: (params: AreaListParams) => ["areas", "list", params] as const,
  one: (code: string) => ["areas", "one", code] as const,
};

export function useAreaList(params: AreaListParams, enabled = true) {
  return useQuery({
    queryKey: areaKeys.list(params),
    queryFn: ({ signal }) => listAreas(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The actor's scope root(s): the top of what they may browse. */
export function useScopeRoots(enabled = true) {
  return useQuery({
    queryKey: areaKeys.list({}),
    queryFn: ({ signal }) => listAreas({}, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useArea(code: string | null | undefined) {
  return useQuery({
    queryKey: areaKeys.one(code ?? ""),
    queryFn: ({ signal }) => getArea(code as string, signal),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}
