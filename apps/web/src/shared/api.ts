// The one way the web app talks to the server: JSON over fetch with the session cookie,
// the UI language, and the CSRF token on every state-changing request.
import type { Me } from "./types";

/** An error response from the API: `message` is already localized by the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Seconds to wait before retrying, when the server says so (e.g. a locked login). */
  get retryAfterSeconds(): number | null {
    const d = this.details as { retryAfterSeconds?: unknown } | null | undefined;
    return d && typeof d.retryAfterSeconds === "number" ? d.retryAfterSeconds : null;
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** When true, a 401 is returned to the caller as an ApiError without sending the user to the login page. */
  allowUnauthorized?: boolean;
}

let csrfToken: string | null = null;
let languageOf: () => string = () => "zh-CN";
let onUnauthorized: () => void = () => {};
let fallbackMessage: (status: number) => string = (status) => `HTTP ${status}`;

/** Wires the client to the app: where the UI language comes from, what to do on 401, and a message for bodiless errors. */
export function configureApi(options: {
  language: () => string;
  onUnauthorized: () => void;
  fallbackMessage: (status: number) => string;
}): void {
  languageOf = options.language;
  onUnauthorized = options.onUnauthorized;
  fallbackMessage = options.fallbackMessage;
}

/** Remembers the CSRF token that the server handed out with /me or login. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A path with its query string; empty values are left out. Also for plain links (downloads) that the cookie authenticates. */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": languageOf(),
  };
  // A FormData body (file uploads) sets its own multipart Content-Type with the boundary.
  const multipart = typeof FormData !== "undefined" && options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  return fetch(buildUrl(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
    credentials: "same-origin",
    signal: options.signal,
  });
}

async function toError(res: Response): Promise<ApiError> {
  type ErrorBody = { code?: unknown; message?: unknown; details?: unknown };
  let body: ErrorBody | null = null;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = null;
  }
  const code = typeof body?.code === "string" ? body.code : `http.${res.status}`;
  const message = typeof body?.message === "string" && body.message ? body.message : fallbackMessage(res.status);
  return new ApiError(res.status, code, message, body?.details);
}

/** Calls the API and returns the parsed JSON body (undefined for 204). Throws ApiError on failure. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(path, options);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network", fallbackMessage(0));
  }
  if (!res.ok) {
    const error = await toError(res);
    // A stale CSRF token (e.g. after a server restart): fetch a fresh one and retry once.
    if (error.code === "auth.csrf" && (options.method ?? "GET") !== "GET") {
      const me = await api<Me>("/api/v1/me", { allowUnauthorized: options.allowUnauthorized }).catch(() => null);
      if (me?.csrfToken) {
        setCsrfToken(me.csrfToken);
        const retry = await send(path, options);
        if (retry.ok) return parse<T>(retry);
        throw await toError(retry);
      }
    }
    if (res.status === 401 && !options.allowUnauthorized) onUnauthorized();
    throw error;
  }
  return parse<T>(res);
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The signed-in actor, or null when nobody is signed in. Also refreshes the CSRF token. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api<Me>("/api/v1/me", { signal, allowUnauthorized: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** Signs in and returns the actor. */
export async function login(username: string, password: string): Promise<Me> {
  const me = await api<Me>("/api/v1/auth/login", {
    method: "POST",
    body: { username, password },
    allowUnauthorized: true,
  });
  setCsrfToken(me.csrfToken);
  return me;
}

/** Signs out; a session that has already expired counts as signed out. */
export async function logout(): Promise<void> {
  try {
    await api<void>("/api/v1/auth/logout", { method: "POST", allowUnauthorized: true });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  } finally {
    setCsrfToken(null);
  }
}

/** Changes the actor's own password. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api<void>("/api/v1/auth/password", { method: "POST", body: { currentPassword, newPassword } });
}

/**
 * Field-level messages from a validation error, keyed by the first path segment.
 * The server sends [{path: "body.name", code, message}]; {issues:[…]} and {fields:{name: msg}} are accepted too.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const d = error.details as Record<string, unknown> | unknown[] | null | undefined;
  const issues: unknown[] = Array.isArray(d)
    ? d
    : d && Array.isArray((d as Record<string, unknown>).issues)
      ? ((d as Record<string, unknown>).issues as unknown[])
      : d && Array.isArray((d as Record<string, unknown>).errors)
        ? ((d as Record<string, unknown>).errors as unknown[])
        : [];
  for (const issue of issues) {
    if (!issue || typeof issue !== "object") continue;
    const { path, field, message } = issue as { path?: unknown; field?: unknown; message?: unknown };
    const segments = Array.isArray(path)
      ? path.map(String)
      : typeof path === "string"
        ? path.split(".")
        : typeof field === "string"
          ? [field]
          : [];
    // The server prefixes where the field was found (body.name, query.areaCode); forms want the field.
    if (segments.length > 1 && ["body", "query", "querystring", "params"].includes(segments[0] as string)) segments.shift();
    const key = segments[0] ?? "";
    if (key && typeof message === "string" && !(key in out)) out[key] = message;
  }
  const fields = d && !Array.isArray(d) ? (d as Record<string, unknown>).fields : undefined;
  if (fields && typeof fields === "object" && !Array.isArray(fields)) {
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof value === "string" && !(key in out)) out[key] = value;
      else if (Array.isArray(value) && typeof value[0] === "string" && !(key in out)) out[key] = value[0];
    }
  }
  return out;
}
