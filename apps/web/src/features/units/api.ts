// Data hooks for units (单位) and party organisation coverage (党组织覆盖率).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ListParams, listKeys, usePageQuery, useRecordQuery, useSaveRecord } from "../../app/queries";
import { api } from "../../shared/api";
import type { Coverage, Unit } from "../../shared/types";

export interface UnitParams extends ListParams {
  areaCode?: string;
  kind?: Unit["kind"];
  partyStatus?: Unit["partyStatus"];
  gridId?: string;
  partyOrgId?: string;
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
  ...listKeys<UnitParams>("units"),
  coverage: (areaCode: string | undefined) => ["units", "coverage", areaCode ?? ""] as const,
};

const PATH = "/api/v1/units";

export function useUnits(params: UnitParams, enabled = true) {
  return usePageQuery<Unit>(unitKeys.list(params), PATH, params, enabled);
}

export function useUnit(id: string | null | undefined) {
  return useRecordQuery<Unit>(unitKeys.one(id ?? ""), PATH, id);
}

export function useSaveUnit(id: string | null) {
  return useSaveRecord<Unit, UnitInput>(PATH, id, [unitKeys.all, ["areas", "detail"]]);
}

/** Coverage by unit kind in an area's subtree (the actor's scope when no area is given). */
export function useCoverage(areaCode: string | undefined) {
  return useQuery({
    queryKey: unitKeys.coverage(areaCode),
    queryFn: ({ signal }) => api<Coverage>("/api/v1/stats/coverage", { query: { areaCode }, signal }),
    placeholderData: keepPreviousData,
  });
}
