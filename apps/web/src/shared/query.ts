// TanStack Query setup shared by both entries.
import { QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError, fetchMe } from "./api";
import type { Me } from "./types";

export const meQueryKey = ["me"] as const;

/** A query client that does not retry client errors (4xx) and retries other failures twice. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}

/** The signed-in actor (null when signed out). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });
}

/** Queries whose every fetch is recorded in the audit log (full personal data): never refetched implicitly. */
export function isAudited(queryKey: readonly unknown[]): boolean {
  return queryKey[1] === "personal-data";
}

/** Message of any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
