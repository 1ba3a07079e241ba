import type { Queryable } from "../db/client.js";
import type { Actor } from "./actor.js";

/** Who did it and from where: taken from the request by the route and passed down to the write. */
export interface AuditContext {
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  areaCode?: string | null;
  before?: unknown;
  after?: unknown;
}

const SENSITIVE = /pass(word)?|id_?number|idnumber|phone|address|token|secret|key_hash|csrf|^key$/i;

/** Replaces personal data and secrets in a before/after snapshot; drops ciphertext and look-up hashes. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (/_enc$|_hash$|Enc$|Hash$/.test(k)) continue;
      out[k] = SENSITIVE.test(k) ? (v == null ? v : "[redacted]") : redact(v);
    }
    return out;
  }
  return value;
}

/** The audit context of an actor (or of an anonymous caller). */
export function auditContext(actor: Actor | null, ip: string | null): AuditContext {
  return { actorId: actor?.kind === "account" ? actor.id : null, actorLabel: actor?.label ?? "anonymous", ip };
}

/** A redacted snapshot as JSON for a jsonb column. Lone UTF-16 surrogates, which PostgreSQL refuses in JSON, become U+FFFD. */
function snapshotJson(value: unknown): string {
  return JSON.stringify(redact(value), (_k, v) => (typeof v === "string" ? v.replace(/[\ud800-\udfff]/gu, "\ufffd") : v));
}

/** Appends one entry to the audit log, in the caller's transaction so it commits with the write. */
export async function writeAudit(q: Queryable, ctx: AuditContext, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_id, actor_label, action, object_type, object_id, area_code, ip, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ctx.actorId,
      ctx.actorLabel,
      e.action,
      e.objectType,
      e.objectId ?? null,
      e.areaCode ?? null,
      ctx.ip,
      e.before === undefined ? null : snapshotJson(e.before),
      e.after === undefined ? null : snapshotJson(e.after),
    ],
  );
}
