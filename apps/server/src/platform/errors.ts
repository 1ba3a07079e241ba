import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_MESSAGES, type ErrorCode, FIELD_MESSAGES, type Locale, pickLocale } from "@gongzhi/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "validation.failed": 400,
  "request.malformed": 400,
  "request.too_large": 413,
  "request.unsupported_media_type": 415,
  "auth.required": 401,
  "auth.invalid_credentials": 401,
  "auth.session_expired": 401,
  "auth.invalid_api_key": 401,
  "auth.locked": 429,
  "auth.account_disabled": 403,
  "auth.csrf": 403,
  "auth.wrong_password": 422,
  "auth.weak_password": 422,
  forbidden: 403,
  not_found: 404,
  "route.not_found": 404,
  "conflict.username_taken": 409,
  "conflict.duplicate": 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** An error the API reports to its client: a code from the catalogue, an HTTP status and optional details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    status?: number,
  ) {
    super(code);
    this.status = status ?? STATUS[code] ?? (code.startsWith("domain.") ? 422 : code.startsWith("conflict.") ? 409 : 400);
  }
}

/** Shorthand for the answer to an object outside the actor's scope, or missing: 404 either way. */
export const notFound = () => new AppError("not_found");

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** Turns zod-like issues into field paths with localized messages. */
export function fieldIssues(
  issues: readonly { path: readonly PropertyKey[]; code?: string; message: string }[],
  locale: Locale,
  prefix?: string,
): FieldIssue[] {
  return issues.map((i) => {
    const key = FIELD_MESSAGES[i.message] ? i.message : (i.code ?? "custom");
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
    return { path, code: key, message: FIELD_MESSAGES[key]?.[locale] ?? FIELD_MESSAGES.custom![locale] };
  });
}

function send(reply: FastifyReply, req: FastifyRequest, code: ErrorCode, status: number, details?: unknown) {
  const locale = pickLocale(req.headers["accept-language"]);
  return reply.status(status).send({ code, message: ERROR_MESSAGES[code][locale], details });
}

const API_PATH = /^\/(api|open311|health|ready|metrics)(\/|$)/;

/**
 * Installs the one error handler and the not-found handler. No stack trace ever reaches a client.
 * With a built web app, unknown page paths get the app's entry page (`/m/…` the mobile entry).
 */
export function installErrorHandling(app: FastifyInstance, web?: { root: string }) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && typeof (err.details as { retryAfterSeconds?: number })?.retryAfterSeconds === "number") {
        reply.header("retry-after", String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
      }
      return send(reply, req, err.code, err.status, err.details);
    }
    const locale = pickLocale(req.headers["accept-language"]);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? "body";
      const issues = err.validation.map((v) => ({
        path: (v.instancePath || "").split("/").filter(Boolean),
        code: /received undefined/.test(v.message ?? "") ? "required" : v.keyword,
        message: v.message ?? "custom",
      }));
      return send(reply, req, "validation.failed", 400, fieldIssues(issues, locale, where));
    }
    // Text the database cannot store (a NUL character, in text or JSON) is the request's fault, not the server's.
    if (err.code === "22021" || err.code === "22P05") return send(reply, req, "request.malformed", 400);
    const status = err.statusCode ?? 500;
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE" || status === 413) return send(reply, req, "request.too_large", 413);
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || status === 415) return send(reply, req, "request.unsupported_media_type", 415);
    if (status === 429) return send(reply, req, "rate_limited", 429);
    if (status >= 400 && status < 500) return send(reply, req, "request.malformed", 400);
    req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, "unhandled error");
    return send(reply, req, "internal", 500);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (web && (req.method === "GET" || req.method === "HEAD") && !API_PATH.test(path) && !/\.[a-z0-9]+$/i.test(path)) {
      const file = join(web.root, path.startsWith("/m/") || path === "/m" ? "m/index.html" : "index.html");
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(readFileSync(file));
    }
    return send(reply, req, "route.not_found", 404);
  });
}
