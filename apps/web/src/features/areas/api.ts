// Data hooks for the area tree and an area's detail (classifications, 三有, figures).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ListParams, listKeys } from "../../app/queries";
import { api } from "../../shared/api";
import type { Area, AreaAttrs, AreaDetail, CommunityResources, Page } from "../../shared/types";

export interface AreaListParams extends ListParams {
  parent?: string;
}

/** Lists areas: the children of `parent`, a search across the actor's scope, or (with neither) the scope root. */
export function listAreas(params: AreaListParams, signal?: AbortSignal): Promise<Page<Area>> {
  return api<Page<Area>>("/api/v1/areas", { query: { ...params }, signal });
}

export function getArea(code: string, signal?: AbortSignal): Promise<Area> {
  return api<Area>(`/api/v1/areas/${encodeURIComponent(code)}`, { signal });
}

export const areaKeys = listKeys<AreaListParams>("areas");

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

export const areaDetailKeys = {
  detail: (code: string) => ["areas", "detail", code] as const,
  resources: (code: string) => ["areas", "resources", code] as const,
};

/** An area with its ancestors, classifications, latest 三有 and figures. */
export function useAreaDetail(code: string | null | undefined) {
  return useQuery({
    queryKey: areaDetailKeys.detail(code ?? ""),
    queryFn: ({ signal }) => api<AreaDetail>(`/api/v1/areas/${encodeURIComponent(code as string)}/detail`, { signal }),
    enabled: !!code,
  });
}

/** A community's 三有 by year, the latest first. */
export function useAreaResources(code: string, enabled = true) {
  return useQuery({
    queryKey: areaDetailKeys.resources(code),
    queryFn: ({ signal }) => api<{ items: CommunityResources[] }>(`/api/v1/areas/${encodeURIComponent(code)}/resources`, { signal }),
    enabled,
  });
}

export interface AreaUpdate {
  name?: string;
  attrs?: AreaAttrs;
}

export function useUpdateArea(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AreaUpdate) => api<AreaDetail>(`/api/v1/areas/${encodeURIComponent(code)}`, { method: "PATCH", body: input }),
    onSuccess: (detail) => {
      queryClient.setQueryData(areaDetailKeys.detail(code), detail);
      void queryClient.invalidateQueries({ queryKey: areaKeys.all });
    },
  });
}

export function usePutResources(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CommunityResources) =>
      api<CommunityResources>(`/api/v1/areas/${encodeURIComponent(code)}/resources`, { method: "PUT", body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: areaDetailKeys.detail(code) });
      void queryClient.invalidateQueries({ queryKey: areaDetailKeys.resources(code) });
    },
  });
}
