// Data hooks for account management.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ListParams, listKeys, usePageQuery } from "../../app/queries";
import { api } from "../../shared/api";
import type { Account, Role } from "../../shared/types";

export interface AccountsParams extends ListParams {
  role?: Role;
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

export const accountKeys = listKeys<AccountsParams>("accounts");

export function useAccounts(params: AccountsParams, enabled = true) {
  return usePageQuery<Account>(accountKeys.list(params), "/api/v1/accounts", params, enabled);
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
