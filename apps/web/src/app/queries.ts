// Data hooks the console's lists share: a page of a list, one record, and saving a record (create or update).
import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../shared/api";
import type { Page } from "../shared/types";

/** One page of `path` with the given filters; the previous page stays on screen while the next one loads. */
export function usePageQuery<T>(queryKey: QueryKey, path: string, params: object, enabled = true) {
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => api<Page<T>>(path, { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The record `<path>/<id>`; nothing is fetched without an id. */
export function useRecordQuery<T>(queryKey: QueryKey, path: string, id: string | null | undefined) {
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => api<T>(`${path}/${encodeURIComponent(id as string)}`, { signal }),
    enabled: !!id,
  });
}

/** Creates a record of `path` (POST, without an id) or updates one (PATCH); then refreshes the queries under `invalidate`. */
export function useSaveRecord<T, I>(path: string, id: string | null, invalidate: QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<I>) =>
      id ? api<T>(`${path}/${encodeURIComponent(id)}`, { method: "PATCH", body: input }) : api<T>(path, { method: "POST", body: input }),
    onSuccess: () => {
      for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** What every list takes: a search, and which page of how many rows. */
export interface ListParams {
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The query keys of a list's pages and of its records, all under `[name]`. */
export function listKeys<P extends ListParams>(name: string) {
  return {
    all: [name] as const,
    list: (params: P) => [name, "list", params] as const,
    one: (id: string) => [name, "one", id] as const,
  };
}
