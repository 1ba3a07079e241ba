// Data hooks for the audit log.

/** Actions the server records today; the filter offers them, and unknown ones still display by code. */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.password_changed",
  "account.create",
  "account.update",
  "account.reset_password",
  "api_key.create",
  "api_key.revoke",
  "area.create",
  "person.create",
  "person.update",
  "pii.read",
] as const;

export const AUDIT_OBJECT_TYPES = ["account", "api_key", "area", "person"] as const;

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { AuditEntry, Page } from "../../shared/types";

export interface AuditParams {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
  page?: number;
  pageSize?: number;
}

export function useAudit(params: AuditParams, enabled = true) {
  return useQuery({
    queryKey: ["audit", params] as const,
    queryFn: ({ signal }) => api<Page<AuditEntry>>("/api/v1/audit", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
