// Data hooks for API keys of the public interfaces.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { ApiKey, Page } from "../../shared/types";

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
