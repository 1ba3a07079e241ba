import { auditEntrySchema, pageOf, pageQuerySchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";

interface AuditRow {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  area_code: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

/** Reading the audit log within scope. Entries with no area are seen by city-wide readers only. */
export async function auditRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/v1/audit",
    {
      config: { permission: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Audit log entries in the actor's scope, newest first",
        querystring: pageQuerySchema.extend({
          action: z.string().max(64).optional(),
          objectType: z.string().max(64).optional(),
          objectId: z.string().max(64).optional(),
          actorId: z.string().uuid().optional(),
        }),
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const f = req.query;
      if (!actor.scopePrefix) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
      const params: unknown[] = [`${actor.scopePrefix}%`, actor.scopePrefix];
      const where = ["(area_code LIKE $1 OR (area_code IS NULL AND length($2) <= 4))"];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace("?", `$${params.length}`));
      };
      if (f.action) add("action LIKE ?", `${f.action}%`);
      if (f.objectType) add("object_type = ?", f.objectType);
      if (f.objectId) add("object_id = ?", f.objectId);
      if (f.actorId) add("actor_id = ?", f.actorId);
      const cond = where.join(" AND ");
      const total = (await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${cond}`, params)).rows[0]?.n ?? 0;
      params.push(f.pageSize, (f.page - 1) * f.pageSize);
      const { rows } = await deps.db.query<AuditRow>(
        `SELECT * FROM audit_log WHERE ${cond} ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return {
        items: rows.map((e) => ({
          id: String(e.id),
          at: e.at.toISOString(),
          actorId: e.actor_id,
          actorLabel: e.actor_label,
          action: e.action,
          objectType: e.object_type,
          objectId: e.object_id,
          areaCode: e.area_code,
          ip: e.ip,
          before: e.before,
          after: e.after,
        })),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },
  );
}
