// Data hooks for party organisations (党组织).
import { type ListParams, listKeys, usePageQuery, useRecordQuery, useSaveRecord } from "../../app/queries";
import type { PartyOrg } from "../../shared/types";

export interface PartyOrgParams extends ListParams {
  areaCode?: string;
  kind?: PartyOrg["kind"];
  parentId?: string;
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

export const partyOrgKeys = listKeys<PartyOrgParams>("party-orgs");

const PATH = "/api/v1/party-orgs";

export function usePartyOrgs(params: PartyOrgParams, enabled = true) {
  return usePageQuery<PartyOrg>(partyOrgKeys.list(params), PATH, params, enabled);
}

export function usePartyOrg(id: string | null | undefined) {
  return useRecordQuery<PartyOrg>(partyOrgKeys.one(id ?? ""), PATH, id);
}

export function useSavePartyOrg(id: string | null) {
  return useSaveRecord<PartyOrg, PartyOrgInput>(PATH, id, [partyOrgKeys.all, ["areas", "detail"]]);
}
