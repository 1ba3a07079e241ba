import type { OutboxChannel, OutboxItem } from "@gongzhi/contracts";
import type { Db, Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import type { Vault } from "../../platform/crypto.js";
import { type ChannelSet, logChannel, type NotificationChannel } from "./channels.js";

/**
 * The outbox of external messages (SMS, WeChat). A step of the workflow queues its messages in its own
 * transaction; the dispatcher delivers them later through the configured adapters, so a slow or failing gateway
 * never holds up or rolls back the step. The address is stored only encrypted; `recipient` is its masked form.
 */

export interface OutboxMessage {
  channel: OutboxChannel;
  /** masked address (or a description such as 匿名居民) for the outbox page */
  recipient: string;
  /** the address, encrypted with the vault */
  toEnc: string;
  kind: string;
  title: string;
  text: string;
  caseId?: string | null;
  areaCode?: string | null;
}

interface Payload {
  to_enc: string;
  title: string;
  text: string;
}

/** Queues one external message, in the caller's transaction. */
export async function enqueueOutbox(q: Queryable, m: OutboxMessage): Promise<void> {
  const payload: Payload = { to_enc: m.toEnc, title: m.title, text: m.text };
  await q.query(`INSERT INTO outbox (channel, recipient, kind, payload, case_id, area_code) VALUES ($1, $2, $3, $4, $5, $6)`, [
    m.channel,
    m.recipient,
    m.kind,
    JSON.stringify(payload),
    m.caseId ?? null,
    m.areaCode ?? null,
  ]);
}

interface OutboxRow {
  id: number;
  channel: OutboxChannel;
  recipient: string;
  kind: string;
  payload: Payload;
  case_id: string | null;
  area_code: string | null;
  status: OutboxItem["status"];
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toItem = (r: OutboxRow): OutboxItem => ({
  id: String(r.id),
  channel: r.channel,
  recipient: r.recipient,
  kind: r.kind,
  title: r.payload.title ?? "",
  text: r.payload.text ?? "",
  caseId: r.case_id,
  areaCode: r.area_code,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at?.toISOString() ?? null,
});

/** The outbox in the actor's scope, newest first. Rows without an area are seen by city-wide readers only. */
export async function listOutbox(
  q: Queryable,
  actor: Actor,
  f: { page: number; pageSize: number; status?: OutboxItem["status"]; channel?: OutboxChannel; caseId?: string },
): Promise<{ items: OutboxItem[]; total: number }> {
  if (!actor.scopePrefix) return { items: [], total: 0 };
  const params: unknown[] = [`${actor.scopePrefix}%`, actor.scopePrefix];
  const where = ["(area_code LIKE $1 OR (area_code IS NULL AND length($2) <= 4))"];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (f.status) add("status = ?", f.status);
  if (f.channel) add("channel = ?", f.channel);
  if (f.caseId) add("case_id = ?", f.caseId);
  const cond = where.join(" AND ");
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE ${cond}`, params)).rows[0]?.n ?? 0;
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const { rows } = await q.query<OutboxRow>(
    `SELECT * FROM outbox WHERE ${cond} ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { items: rows.map(toItem), total };
}

export interface DispatchOptions {
  /** rows claimed per round */
  batch?: number;
  /** attempts before a row is given up as failed */
  maxAttempts?: number;
  /** how long a claimed row stays out of other dispatchers' reach (a crashed dispatcher's rows come back after it) */
  leaseMs?: number;
  /** the wait after the first failed attempt; it doubles with each further one, up to an hour */
  backoffMs?: number;
  /** rounds per call, so one call ends even when messages keep arriving */
  maxRounds?: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface DispatchResult {
  sent: number;
  recorded: number;
  retried: number;
  failed: number;
}

/**
 * Delivers pending messages. Each round claims a batch in a short transaction (`FOR UPDATE SKIP LOCKED`, then a
 * lease in `next_attempt_at`), so several dispatchers in several processes never take the same row; the sending
 * itself happens outside any transaction. A channel without a configured adapter goes to the `log` adapter and
 * the row is marked `recorded`. Delivery is at least once: a dispatcher that dies mid-send leaves its rows to be
 * claimed again when their lease ends.
 */
export async function dispatchOutbox(db: Db, vault: Vault, channels: ChannelSet, opts: DispatchOptions = {}): Promise<DispatchResult> {
  const batch = opts.batch ?? 20;
  const maxAttempts = opts.maxAttempts ?? 5;
  const leaseMs = opts.leaseMs ?? 60_000;
  const backoffMs = opts.backoffMs ?? 30_000;
  const result: DispatchResult = { sent: 0, recorded: 0, retried: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 50); round++) {
    const claimed = await db.tx(async (q) => {
      const { rows } = await q.query<OutboxRow>(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
          WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [batch, leaseMs],
      );
      return rows.sort((a, b) => a.id - b.id);
    });
    for (const row of claimed) {
      const adapter: NotificationChannel = (row.channel !== "log" && channels[row.channel]) || logChannel;
      try {
        if (adapter !== logChannel) {
          await adapter.send({
            to: vault.decrypt(row.payload.to_enc),
            title: row.payload.title,
            text: row.payload.text,
            kind: row.kind,
            caseId: row.case_id,
          });
        }
        const status = adapter === logChannel ? "recorded" : "sent";
        await db.query("UPDATE outbox SET status = $2, sent_at = now(), last_error = NULL WHERE id = $1 AND status = 'pending'", [
          row.id,
          status,
        ]);
        result[status]++;
      } catch (err) {
        // Only the error's message is kept: never the address or the text.
        const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 300);
        const giveUp = row.attempts >= maxAttempts;
        const wait = Math.min(backoffMs * 2 ** (row.attempts - 1), 3_600_000);
        await db.query(
          `UPDATE outbox SET status = $2, last_error = $3, next_attempt_at = now() + $4 * interval '1 millisecond'
            WHERE id = $1 AND status = 'pending'`,
          [row.id, giveUp ? "failed" : "pending", message, wait],
        );
        opts.log?.warn({ outboxId: row.id, channel: row.channel, attempts: row.attempts, giveUp }, "outbox delivery failed");
        result[giveUp ? "failed" : "retried"]++;
      }
    }
    if (claimed.length < batch) break;
  }
  return result;
}
