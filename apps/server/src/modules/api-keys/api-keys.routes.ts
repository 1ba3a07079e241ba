import { apiKeyCreateSchema, apiKeyRequestSchema, apiKeySchema, OPEN_STATUSES, pageOf, pageQuerySchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import { type Actor, scopeSql } from "../../platform/actor.js";
import { type AuditContext, auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { newApiKey } from "../../platform/sessions.js";

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  requests_total?: number;
  requests_open?: number;
  last_request_at?: Date | null;
}

const toApiKey = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.created_at.toISOString(),
  revokedAt: k.revoked_at?.toISOString() ?? null,
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
  requests: { total: k.requests_total ?? 0, open: k.requests_open ?? 0, lastAt: k.last_request_at?.toISOString() ?? null },
  abilities: { revoke: !k.revoked_at },
});

const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(", ");

/** Issues an API key for a machine client; the key itself is returned once and only its hash is kept. */
export async function issueApiKey(q: Queryable, name: string, createdBy: string | null, ctx: AuditContext) {
  const k = newApiKey();
  const { rows } = await q.query<KeyRow>(
    "INSERT INTO api_keys (name, prefix, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id, name, prefix, created_at, revoked_at, last_used_at",
    [name, k.prefix, k.hash, createdBy],
  );
  const row = rows[0]!;
  await writeAudit(q, ctx, { action: "api_key.create", objectType: "api_key", objectId: row.id, after: { name, prefix: k.prefix } });
  return { apiKey: toApiKey(row), key: k.key };
}

/** Every key with what its client sent: counts of the cases it made that lie in the actor's scope. */
export async function listApiKeys(q: Queryable, actor: Actor) {
  const scope = scopeSql(actor, "c.area_code", 1);
  const { rows } = await q.query<KeyRow>(
    `SELECT k.id, k.name, k.prefix, k.created_at, k.revoked_at, k.last_used_at,
            count(c.id)::int AS requests_total,
            (count(c.id) FILTER (WHERE c.status IN (${OPEN_LIST})))::int AS requests_open,
            max(c.created_at) AS last_request_at
       FROM api_keys k
       LEFT JOIN cases c ON c.api_key_id = k.id AND ${scope.sql}
      GROUP BY k.id
      ORDER BY k.created_at DESC`,
    [scope.param],
  );
  return rows.map(toApiKey);
}

/** The cases machine clients sent, newest first, in the actor's scope; one client's with `keyId`. */
export async function listApiKeyRequests(q: Queryable, actor: Actor, f: { keyId?: string; page: number; pageSize: number }) {
  const scope = scopeSql(actor, "c.area_code", 1);
  const params: unknown[] = [scope.param];
  const where = ["c.api_key_id IS NOT NULL", scope.sql];
  if (f.keyId) where.push(`c.api_key_id = $${params.push(f.keyId)}`);
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c WHERE ${where.join(" AND ")}`, params);
  const { rows } = await q.query<{
    id: string;
    number: string;
    title: string;
    status: string;
    source: string;
    category_name: string | null;
    area_code: string | null;
    area_name: string | null;
    api_key_id: string;
    api_key_name: string;
    created_at: Date;
  }>(
    `SELECT c.id, c.number, c.title, c.status, c.source, cc.name AS category_name, c.area_code, ar.name AS area_name,
            c.api_key_id, k.name AS api_key_name, c.created_at
       FROM cases c
       JOIN api_keys k ON k.id = c.api_key_id
       LEFT JOIN case_categories cc ON cc.code = c.category_code
       LEFT JOIN areas ar ON ar.code = c.area_code
      WHERE ${where.join(" AND ")}
      ORDER BY c.created_at DESC, c.id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      source: r.source,
      categoryName: r.category_name,
      areaCode: r.area_code,
      areaName: r.area_name,
      apiKeyId: r.api_key_id,
      apiKeyName: r.api_key_name,
      createdAt: r.created_at.toISOString(),
    })),
    total: total.rows[0]?.n ?? 0,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** API keys for machine clients (Open311 and other systems): list with what each sent, issue, revoke. */
export async function apiKeyRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { permission: "apikeys.manage" as const };
  const tags = ["api-keys"];

  r.get(
    "/api/v1/api-keys",
    {
      config,
      schema: {
        tags,
        summary: "All API keys, with what each client sent (cases in the reader's scope)",
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    async (req) => ({ items: await listApiKeys(deps.db, req.actor!) }),
  );

  r.get(
    "/api/v1/api-keys/requests",
    {
      config,
      schema: {
        tags,
        summary: "The cases machine clients sent (Open311 requests and API reports), newest first, in the reader's scope",
        querystring: pageQuerySchema.extend({ keyId: z.string().uuid().optional() }),
        response: { 200: pageOf(apiKeyRequestSchema) },
      },
    },
    async (req) => listApiKeyRequests(deps.db, req.actor!, req.query),
  );

  r.post(
    "/api/v1/api-keys",
    {
      config,
      schema: {
        tags,
        summary: "Issue a key (shown once)",
        body: apiKeyCreateSchema,
        response: { 201: z.object({ apiKey: apiKeySchema, key: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await deps.db.tx((q) => issueApiKey(q, req.body.name, req.actor!.id, auditContext(req.actor, req.ip)));
      return reply.status(201).send(out);
    },
  );

  r.delete(
    "/api/v1/api-keys/:id",
    { config, schema: { tags, summary: "Revoke a key", params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      await deps.db.tx(async (q) => {
        const { rows } = await q.query<{ name: string }>(
          "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING name",
          [req.params.id],
        );
        if (!rows[0]) throw notFound();
        await writeAudit(q, auditContext(req.actor, req.ip), {
          action: "api_key.revoke",
          objectType: "api_key",
          objectId: req.params.id,
          after: { name: rows[0].name },
        });
      });
      return reply.status(204).send();
    },
  );
}
