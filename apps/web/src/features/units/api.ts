// Data hooks for units (单位) and party organisation coverage (党组织覆盖率).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { Coverage, Page, Unit } from "../../shared/types";

export interface UnitParams {
  areaCode?: string;
  kind?: Unit["kind"];
  partyStatus?: Unit["partyStatus"];
  gridId?: string;
  partyOrgId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface UnitInput {
  name: string;
  kind: Unit["kind"];
  streetRelation?: Unit["streetRelation"];
  areaCode: string;
  gridId?: string | null;
  partyStatus: Unit["partyStatus"];
  partyOrgId?: string | null;
  creditCode?: string | null;
  address?: string | null;
  employees?: number | null;
}

export const unitKeys = {
  all: ["units"] as const,
  list: (params: UnitParams) => ["units", "list", params] as const,
  one: (id: string) => ["units", "one", id] as const,
  coverage: (areaCode: string | undefined) => ["units", "coverage", areaCode ?? ""] as const,
};

export function useUnits(params: UnitParams, enabled = true) {
  return useQuery({
    queryKey: unitKeys.list(params),
    queryFn: ({ signal }) => api<Page<Unit>>("/api/v1/units", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: string | null | undefined) {
  return useQuery({
    queryKey: unitKeys.one(id ?? ""),
    queryFn: ({ signal }) => api<Unit>(`/api/v1/units/${encodeURIComponent(id as string)}`, { signal }),
    enabled: !!id,
  });
}

export function useSaveUnit(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<UnitInput>) =>
      id
        ? api<Unit>(`/api/v1/units/${encodeURIComponent(id)}`, { method: "PATCH", body: input })
        : api<Unit>("/api/v1/units", { method: "POST", body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: unitKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["areas", "detail"] });
    },
  });
}

/** Coverage by unit kind in an area's subtree (the actor's scope when no area is given). */
export function useCoverage(areaCode: string | undefined) {
  return useQuery({
    queryKey: unitKeys.coverage(areaCode),
    queryFn: ({ signal }) => api<Coverage>("/api/v1/stats/coverage", { query: { areaCode }, signal }),
    placeholderData: keepPreviousData,
  });
}
