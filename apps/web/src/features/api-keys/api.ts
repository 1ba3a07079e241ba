// Data hooks for API keys of the public interfaces.
import type { apiKeyRequestSchema } from "@gongzhi/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { ApiKey, Page } from "../../shared/types";

/** A case a machine client sent, with its link and the client that sent it. */
export type ApiKeyRequest = (typeof apiKeyRequestSchema)["_output"];

export const apiKeyKeys = { all: ["api-keys"] as const };

/** The list endpoint answers {items} (all keys, newest first); make it a page like the other lists. */
function asPage(body: { items: ApiKey[] } | ApiKey[]): Page<ApiKey> {
  const items = Array.isArray(body) ? body : body.items;
  return { items, total: items.length, page: 1, pageSize: items.length };
}

export function useApiKeys(enabled = true) {
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: async ({ signal }) => asPage(await api<{ items: ApiKey[] } | ApiKey[]>("/api/v1/api-keys", { signal })),
    enabled,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<{ apiKey: ApiKey; key: string }>("/api/v1/api-keys", { method: "POST", body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

/** What the clients sent (one client's with `keyId`), newest first, a page at a time. */
export function useApiKeyRequests(f: { keyId?: string; page: number; pageSize: number }) {
  const qs = new URLSearchParams({ page: String(f.page), pageSize: String(f.pageSize) });
  if (f.keyId) qs.set("keyId", f.keyId);
  return useQuery({
    queryKey: [...apiKeyKeys.all, "requests", f],
    queryFn: ({ signal }) => api<Page<ApiKeyRequest>>(`/api/v1/api-keys/requests?${qs}`, { signal }),
    placeholderData: keepPreviousData,
  });
}
