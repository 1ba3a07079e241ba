import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";

/** The two statements of the floor, the same SQL `pgbench` runs (apps/server/bench/floor.pgbench). */
export const FLOOR_ITEM_SQL = "INSERT INTO bench_floor_items (title, area_code) VALUES ($1, $2) RETURNING id";
export const FLOOR_EVENT_SQL = "INSERT INTO bench_floor_events (item_id, action) VALUES ($1, 'submit')";

/**
 * The benchmark's floor: the least a write endpoint of this server can do — parse and check a small body, insert
 * one row and one event in one transaction, answer. Registered only with BENCH_FLOOR=true, by `npm run bench`, which
 * creates its two tables (bench/floor.sql); intake is measured against it.
 */
export async function benchFloorRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/api/v1/bench/floor",
    {
      // Public on purpose: only registered for the benchmark.
      config: { permission: "public" },
      schema: {
        hide: true,
        body: z.object({ title: z.string().min(1).max(200), areaCode: z.string().regex(/^\d{12}$/) }),
        response: { 201: z.object({ id: z.number() }) },
      },
    },
    async (req, reply) => {
      const id = await deps.db.tx(async (q) => {
        const { rows } = await q.query<{ id: number }>(FLOOR_ITEM_SQL, [req.body.title, req.body.areaCode]);
        await q.query(FLOOR_EVENT_SQL, [rows[0]!.id]);
        return rows[0]!.id;
      });
      return reply.status(201).send({ id });
    },
  );
}
