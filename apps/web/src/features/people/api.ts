// Data hooks for the residents registry.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ListParams, listKeys, usePageQuery, useRecordQuery } from "../../app/queries";
import { api } from "../../shared/api";
import { isAudited } from "../../shared/query";
import type { CommunityWorkerInfo, Gender, LeaderPairing, PartyMemberInfo, Person, PersonRole } from "../../shared/types";

export interface PeopleParams extends ListParams {
  areaCode?: string;
  role?: PersonRole;
}

export interface PersonInput {
  name: string;
  gender: Gender;
  areaCode: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
}

export const peopleKeys = {
  ...listKeys<PeopleParams>("people"),
  personalData: (id: string) => ["people", "personal-data", id] as const,
};

export function usePeople(params: PeopleParams, enabled = true) {
  return usePageQuery<Person>(peopleKeys.list(params), "/api/v1/people", params, enabled);
}

export function usePerson(id: string | null) {
  return useRecordQuery<Person>(peopleKeys.one(id ?? ""), "/api/v1/people", id);
}

/** Unmasked personal data; each call is recorded in the audit log, so it only runs on demand. */
export function usePersonalData(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: peopleKeys.personalData(id ?? ""),
    queryFn: ({ signal }) => api<Person>(`/api/v1/people/${encodeURIComponent(id as string)}/personal-data`, { signal }),
    enabled: !!id && enabled,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PersonInput) => api<Person>("/api/v1/people", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all, predicate: (q) => !isAudited(q.queryKey) }),
  });
}

export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<PersonInput>) => api<Person>(`/api/v1/people/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all, predicate: (q) => !isAudited(q.queryKey) }),
  });
}

export type PartyMemberInput = Omit<PartyMemberInfo, "branchName">;
export type CommunityWorkerInput = CommunityWorkerInfo;
export type LeaderPairingInput = Omit<LeaderPairing, "areaName">;

/** The roles of a person whose details are recorded through their own endpoints. */
export type RoleResource = "party-member" | "community-worker" | "leader-pairings";

/** Records (PUT) or removes (DELETE) one of a person's roles; the answer is the person with their roles. */
export function useSaveRole(id: string, resource: RoleResource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PartyMemberInput | CommunityWorkerInput | { items: LeaderPairingInput[] } | null) =>
      input === null
        ? api<Person | undefined>(`/api/v1/people/${encodeURIComponent(id)}/${resource}`, { method: "DELETE" })
        : api<Person>(`/api/v1/people/${encodeURIComponent(id)}/${resource}`, { method: "PUT", body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: peopleKeys.all, predicate: (q) => !isAudited(q.queryKey) });
      void queryClient.invalidateQueries({ queryKey: ["areas", "detail"] });
      void queryClient.invalidateQueries({ queryKey: ["party-orgs"] });
    },
  });
}
