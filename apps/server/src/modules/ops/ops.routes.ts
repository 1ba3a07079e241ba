import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Deps } from "../../platform/context.js";

/** Liveness, readiness and Prometheus metrics. */
export async function opsRoutes(app: FastifyInstance, deps: Deps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gongzhi_" });
  const requests = new Counter({
    name: "gongzhi_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "gongzhi_http_request_duration_seconds",
    help: "HTTP request duration by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.get("/health", { config: { permission: "public" }, schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/ready", { config: { permission: "public" }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.db.query("SELECT 1");
      return { status: "ready", database: deps.db.kind };
    } catch {
      return reply.status(503).send({ status: "unavailable", database: deps.db.kind });
    }
  });

  app.get("/metrics", { config: { permission: "public" }, schema: { hide: true } }, async (_req, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
