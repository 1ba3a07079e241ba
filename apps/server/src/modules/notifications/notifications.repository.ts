import type { Notification, NotificationKind } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";

/** What a notification says; the same text goes to every recipient of one step. */
export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body?: string;
  caseId?: string | null;
}

interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  case_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const toNotification = (n: NotificationRow): Notification => ({
  id: String(n.id),
  kind: n.kind,
  title: n.title,
  body: n.body,
  caseId: n.case_id,
  createdAt: n.created_at.toISOString(),
  readAt: n.read_at?.toISOString() ?? null,
});

/** Puts a notification in the inbox of each account (duplicates ignored), in the caller's transaction. */
export async function notifyAccounts(q: Queryable, accountIds: readonly string[], n: NotificationInput): Promise<void> {
  const ids = [...new Set(accountIds)];
  if (!ids.length) return;
  await q.query(
    `INSERT INTO notifications (account_id, kind, title, body, case_id)
     SELECT a, $2, $3, $4, $5 FROM unnest($1::uuid[]) AS a`,
    [ids, n.kind, n.title, n.body ?? "", n.caseId ?? null],
  );
}

/** Notifies reporters without an account: shown on the track page of each tracking code. */
export async function notifyTrackingCodes(q: Queryable, codes: readonly string[], n: NotificationInput): Promise<void> {
  const list = [...new Set(codes)];
  if (!list.length) return;
  await q.query(
    `INSERT INTO notifications (tracking_code, kind, title, body, case_id)
     SELECT t, $2, $3, $4, $5 FROM unnest($1::text[]) AS t`,
    [list, n.kind, n.title, n.body ?? "", n.caseId ?? null],
  );
}

/** An account's inbox, newest first, with the number of unread notifications. */
export async function listInbox(
  q: Queryable,
  accountId: string,
  f: { page: number; pageSize: number; unreadOnly?: boolean },
): Promise<{ items: Notification[]; total: number; unread: number }> {
  const cond = `account_id = $1${f.unreadOnly ? " AND read_at IS NULL" : ""}`;
  const counts = await q.query<{ total: number; unread: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE ${cond}`,
    [accountId],
  );
  const { rows } = await q.query<NotificationRow>(
    `SELECT id, kind, title, body, case_id, created_at, read_at FROM notifications WHERE ${cond}
      ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [accountId, f.pageSize, (f.page - 1) * f.pageSize],
  );
  const unread = f.unreadOnly
    ? (counts.rows[0]?.total ?? 0)
    : (await q.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE account_id = $1 AND read_at IS NULL", [accountId]))
        .rows[0]!.n;
  return { items: rows.map(toNotification), total: counts.rows[0]?.total ?? 0, unread };
}

/** Marks one of the account's notifications read; false when it is not the account's. */
export async function markRead(q: Queryable, accountId: string, id: number): Promise<boolean> {
  const { rowCount } = await q.query("UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND account_id = $2", [
    id,
    accountId,
  ]);
  return rowCount === 1;
}

/** Marks all of the account's notifications read; returns how many were unread. */
export async function markAllRead(q: Queryable, accountId: string): Promise<number> {
  const { rowCount } = await q.query("UPDATE notifications SET read_at = now() WHERE account_id = $1 AND read_at IS NULL", [accountId]);
  return rowCount;
}

/** The notifications of a tracking code, newest first. */
export async function listForTrackingCode(q: Queryable, code: string, limit = 100): Promise<Notification[]> {
  const { rows } = await q.query<NotificationRow>(
    `SELECT id, kind, title, body, case_id, created_at, read_at FROM notifications WHERE tracking_code = $1 ORDER BY id DESC LIMIT $2`,
    [code, limit],
  );
  return rows.map(toNotification);
}
