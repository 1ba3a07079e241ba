// Data hooks for party organisations (党组织).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { Page, PartyOrg } from "../../shared/types";

export interface PartyOrgParams {
  areaCode?: string;
  kind?: PartyOrg["kind"];
  parentId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface PartyOrgInput {
  name: string;
  kind: PartyOrg["kind"];
  basis?: PartyOrg["basis"];
  parentId?: string | null;
  areaCode: string;
  gridId?: string | null;
  unitId?: string | null;
  secretaryPersonId?: string | null;
  establishedOn?: string | null;
}

export const partyOrgKeys = {
  all: ["party-orgs"] as const,
  list: (params: PartyOrgParams) => ["party-orgs", "list", params] as const,
  one: (id: string) => ["party-orgs", "one", id] as const,
};

export function usePartyOrgs(params: PartyOrgParams, enabled = true) {
  return useQuery({
    queryKey: partyOrgKeys.list(params),
    queryFn: ({ signal }) => api<Page<PartyOrg>>("/api/v1/party-orgs", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePartyOrg(id: string | null | undefined) {
  return useQuery({
    queryKey: partyOrgKeys.one(id ?? ""),
    queryFn: ({ signal }) => api<PartyOrg>(`/api/v1/party-orgs/${encodeURIComponent(id as string)}`, { signal }),
    enabled: !!id,
  });
}

export function useSavePartyOrg(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<PartyOrgInput>) =>
      id
        ? api<PartyOrg>(`/api/v1/party-orgs/${encodeURIComponent(id)}`, { method: "PATCH", body: input })
        : api<PartyOrg>("/api/v1/party-orgs", { method: "POST", body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: partyOrgKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["areas", "detail"] });
    },
  });
}
