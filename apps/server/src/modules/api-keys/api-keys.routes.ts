import { apiKeyCreateSchema, apiKeySchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
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
}

const toApiKey = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.created_at.toISOString(),
  revokedAt: k.revoked_at?.toISOString() ?? null,
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
  abilities: { revoke: !k.revoked_at },
});

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

/** API keys for machine clients (Open311 and other systems): list, issue, revoke. */
export async function apiKeyRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { permission: "apikeys.manage" as const };
  const tags = ["api-keys"];

  r.get(
    "/api/v1/api-keys",
    { config, schema: { tags, summary: "All API keys", response: { 200: z.object({ items: z.array(apiKeySchema) }) } } },
    async () => {
      const { rows } = await deps.db.query<KeyRow>(
        "SELECT id, name, prefix, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at DESC",
      );
      return { items: rows.map(toApiKey) };
    },
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
