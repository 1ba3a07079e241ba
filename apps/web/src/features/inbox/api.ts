// Data hooks for the in-app inbox, shared by the console header and the phone entry: the newest notifications with
// the unread count (refreshed every minute and when the window regains focus), marking one or all read, and where
// a notification leads.
import type { Inbox, Notification } from "@gongzhi/contracts";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { can } from "../../shared/domain";
import type { Me } from "../../shared/types";

export type { Inbox, Notification };

/** How often the unread count is fetched again while a page is open. */
export const INBOX_REFRESH_MS = 60_000;

export const inboxKeys = {
  all: ["inbox"] as const,
  recent: (pageSize: number) => ["inbox", "recent", pageSize] as const,
  page: (params: { page: number; pageSize: number; unread: boolean }) => ["inbox", "page", params] as const,
  infinite: ["inbox", "infinite"] as const,
};

function fetchInbox(params: { page: number; pageSize: number; unread?: boolean }, signal?: AbortSignal) {
  return api<Inbox>("/api/v1/inbox", {
    query: { page: params.page, pageSize: params.pageSize, unread: params.unread ? "true" : undefined },
    signal,
  });
}

/** The newest notifications and the unread count, kept fresh. */
export function useRecentInbox(pageSize: number, enabled = true) {
  return useQuery({
    queryKey: inboxKeys.recent(pageSize),
    queryFn: ({ signal }) => fetchInbox({ page: 1, pageSize }, signal),
    refetchInterval: INBOX_REFRESH_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
    enabled,
  });
}

/** One page of the inbox, optionally only the unread. */
export function useInboxPage(params: { page: number; pageSize: number; unread: boolean }, enabled = true) {
  return useQuery({
    queryKey: inboxKeys.page(params),
    queryFn: ({ signal }) => fetchInbox(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The inbox page after page, for the phone's list. */
export function useInfiniteInbox(pageSize: number) {
  return useInfiniteQuery({
    queryKey: inboxKeys.infinite,
    queryFn: ({ pageParam, signal }) => fetchInbox({ page: pageParam, pageSize }, signal),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    refetchOnWindowFocus: true,
  });
}

/** Marks one notification read (`id`) or all of them (no id); every inbox query is fetched again. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id?: string) =>
      api<{ unread: number }>(id ? `/api/v1/inbox/${encodeURIComponent(id)}/read` : "/api/v1/inbox/read-all", { method: "POST" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}

/**
 * Where a notification leads in the console: a whistle to the department's tasks (or the whistle board), a case to
 * its page; null when the actor has no page for it.
 */
export function consoleTarget(me: Me, n: Pick<Notification, "kind" | "caseId">): string | null {
  if (n.kind === "whistle") {
    if (can(me, "whistles.respond")) return "/whistle-tasks";
    if (n.caseId && can(me, "cases.read")) return `/cases/${encodeURIComponent(n.caseId)}`;
    return can(me, "whistles.read") ? "/whistles" : null;
  }
  if (n.caseId && can(me, "cases.read")) return `/cases/${encodeURIComponent(n.caseId)}`;
  return null;
}
