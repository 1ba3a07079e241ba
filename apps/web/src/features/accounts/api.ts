// Data hooks for account management.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { Account, Page, Role } from "../../shared/types";

export interface AccountsParams {
  q?: string;
  role?: Role;
  page?: number;
  pageSize?: number;
}

export interface AccountCreateInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  areaCode?: string | null;
}

export interface AccountUpdateInput {
  displayName?: string;
  roles?: Role[];
  areaCode?: string | null;
  status?: Account["status"];
}

export const accountKeys = {
  all: ["accounts"] as const,
  list: (params: AccountsParams) => ["accounts", "list", params] as const,
};

export function useAccounts(params: AccountsParams, enabled = true) {
  return useQuery({
    queryKey: accountKeys.list(params),
    queryFn: ({ signal }) => api<Page<Account>>("/api/v1/accounts", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountCreateInput) => api<Account>("/api/v1/accounts", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: AccountUpdateInput }) =>
      api<Account>(`/api/v1/accounts/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api<void>(`/api/v1/accounts/${encodeURIComponent(id)}/reset-password`, { method: "POST", body: { password } }),
  });
}
