import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { DestinationStream } from "pino";
import { accountRoutes } from "./modules/accounts/accounts.routes.js";
import { apiKeyRoutes } from "./modules/api-keys/api-keys.routes.js";
import { areaRoutes } from "./modules/areas/areas.routes.js";
import { assessmentRoutes } from "./modules/assessment/assessment.routes.js";
import { auditRoutes } from "./modules/audit/audit.routes.js";
import { authRoutes } from "./modules/auth/auth.routes.js";
import { benchFloorRoutes } from "./modules/bench-floor/bench-floor.routes.js";
import { caseRoutes } from "./modules/cases/cases.routes.js";
import { workflowRoutes } from "./modules/cases/workflow.routes.js";
import { commandCentreRoutes } from "./modules/command-centre/command-centre.routes.js";
import { excelRoutes } from "./modules/excel/excel.routes.js";
import { gridRoutes } from "./modules/grids/grids.routes.js";
import { notificationRoutes } from "./modules/notifications/notifications.routes.js";
import { open311Routes } from "./modules/open311/open311.routes.js";
import { opsRoutes } from "./modules/ops/ops.routes.js";
import { partyOrgRoutes } from "./modules/party-orgs/party-orgs.routes.js";
import { peopleRoutes } from "./modules/people/people.routes.js";
import { pointRoutes } from "./modules/points/points.routes.js";
import { statsRoutes } from "./modules/stats/stats.routes.js";
import { unitRoutes } from "./modules/units/units.routes.js";
import { activityRoutes } from "./modules/volunteers/activities.routes.js";
import { pairingRoutes } from "./modules/volunteers/pairings.routes.js";
import { reportInRoutes } from "./modules/volunteers/report-ins.routes.js";
import { volunteerRoutes } from "./modules/volunteers/volunteers.routes.js";
import { whistleRoutes } from "./modules/whistles/whistles.routes.js";
import { wishRoutes } from "./modules/wishes/wishes.routes.js";
import type { Deps } from "./platform/context.js";
import { installErrorHandling } from "./platform/errors.js";
import { installGuard, type RouteRow } from "./platform/guard.js";

export interface BuildOptions {
  /** Where log lines go (tests capture them); defaults to stdout at the configured level. */
  logStream?: DestinationStream;
  /** Extra route modules registered after the platform's own (tests use it to add routes). */
  extraModules?: ((app: FastifyInstance, deps: Deps) => Promise<void>)[];
  /** Log each request (on by default outside tests). */
  requestLogging?: boolean;
}

export type App = FastifyInstance & { routePermissions: () => RouteRow[] };

/** The modules of the platform, registered in this order. Each takes the app and the shared deps. */
const MODULES = [
  opsRoutes,
  authRoutes,
  accountRoutes,
  apiKeyRoutes,
  areaRoutes,
  gridRoutes,
  partyOrgRoutes,
  unitRoutes,
  peopleRoutes,
  statsRoutes,
  caseRoutes,
  workflowRoutes,
  notificationRoutes,
  whistleRoutes,
  assessmentRoutes,
  reportInRoutes,
  volunteerRoutes,
  activityRoutes,
  wishRoutes,
  pairingRoutes,
  pointRoutes,
  commandCentreRoutes,
  excelRoutes,
  open311Routes,
  auditRoutes,
];

const DEFAULT_WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/** Builds the HTTP app on the given database and configuration, without listening. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      stream: opts.logStream,
      // Only the method and path are logged: never bodies, query strings or headers, which may hold personal data.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          path: String(req.url).split("?")[0],
          id: req.id,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    } as never,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    logController: new LogController({ disableRequestLogging: !(opts.requestLogging ?? config.env !== "test") }),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A JSON content type with an empty body (a DELETE sent by a generic client, say) means no body.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "") return done(null, undefined);
    return parseJson(req, body as string, done);
  });

  await app.register(fastifyCookie);
  const guard = installGuard(app, deps);
  const webDist = config.webDist ? resolve(config.webDist) : DEFAULT_WEB_DIST;
  const hasWeb = existsSync(join(webDist, "index.html"));
  installErrorHandling(app, hasWeb ? { root: webDist } : undefined);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "Gongzhi API", version: "1", description: "共治：党建引领基层治理平台 API" },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "gz_session" },
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    // The documentation page is public on purpose.
    docs.addHook("onRoute", (route) => {
      route.config = { ...route.config, permission: route.config?.permission ?? "public" };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  });
  app.get("/api/openapi.json", { config: { permission: "public" }, schema: { hide: true } }, async () => app.swagger());

  // The benchmark's floor endpoint exists only when BENCH_FLOOR is set (never in production).
  const benchModules = config.benchFloor ? [benchFloorRoutes] : [];
  for (const mod of [...MODULES, ...benchModules, ...(opts.extraModules ?? [])]) {
    // The ops module's request metrics must see every route, so it shares the root scope; the others get their own.
    if (mod === opsRoutes) await opsRoutes(app, deps);
    else await app.register(async (scope) => mod(scope, deps));
  }

  if (hasWeb) {
    await app.register(async (web) => {
      // The built web app is public on purpose: it holds no data, the API guards everything.
      web.addHook("onRoute", (route) => {
        route.config = { ...route.config, permission: route.config?.permission ?? "public" };
      });
      await web.register(fastifyStatic, { root: webDist, wildcard: true, index: ["index.html"] });
    });
  }

  const out = app as App;
  out.routePermissions = guard.routes;
  await app.ready();
  return out;
}
