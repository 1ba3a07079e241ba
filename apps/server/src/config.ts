import { resolve } from "node:path";
import { z } from "zod";

/** An empty variable counts as unset, so that its default applies. */
const blank = (v: unknown) => (v === "" ? undefined : v);
const seconds = (fallback: number) =>
  z.preprocess(blank, z.coerce.number({ error: "must be a number of seconds" }).min(0, "must be a number of seconds").default(fallback));
const flag = (fallback: "true" | "false") =>
  z.preprocess(blank, z.enum(["true", "false"], { error: "must be true or false" }).default(fallback));
const gateway = z.preprocess(blank, z.url().optional());

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default("./data"),
  /** 32-byte key, base64, for personal data at rest. Required with DATABASE_URL; embedded mode creates one. */
  GONGZHI_DATA_KEY: z.string().optional(),
  DEMO_PASSWORD: z.string().min(8).default("gongzhi-demo-2026"),
  /** Seed the demo city when the database is empty (default on). */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  /** Set when the app runs behind HTTPS (sets the Secure flag on the session cookie). */
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  WEB_DIST: z.string().optional(),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Escalate overdue cases one level up when their category does not decide (case_categories.auto_escalate null). */
  AUTO_ESCALATE: flag("false"),
  /** Seconds between deadline sweeps; 0 turns the sweeper off. */
  SWEEP_INTERVAL_SECONDS: seconds(60),
  /** Seconds between outbox deliveries; 0 turns delivery off. */
  OUTBOX_INTERVAL_SECONDS: seconds(10),
  /** Calendar days a reporter has to rate a result. */
  RATING_WINDOW_DAYS: z.preprocess(
    blank,
    z.coerce.number({ error: "must be a positive number" }).positive("must be a positive number").default(7),
  ),
  /** SMS gateway (JSON POST) and its bearer token; without it text messages are only recorded in the outbox. */
  SMS_ENDPOINT: gateway,
  SMS_TOKEN: z.string().optional(),
  /** WeChat template-message gateway and its bearer token. */
  WECHAT_ENDPOINT: gateway,
  WECHAT_TOKEN: z.string().optional(),
  /** Registers the benchmark's floor endpoint (npm run bench only). */
  BENCH_FLOOR: flag("false"),
});

/** An external message gateway: where messages are posted, and the bearer token sent with them. */
export interface Gateway {
  endpoint: string;
  token: string | undefined;
}

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dataKey: string | undefined;
  demoPassword: string;
  seedDemo: boolean;
  logLevel: string;
  sessionTtlMs: number;
  sessionIdleMs: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimit: number;
  webDist: string | undefined;
  loginRatePerMinute: number;
  /** escalate overdue cases of categories that do not decide */
  autoEscalate: boolean;
  /** between deadline sweeps; 0: no sweeper */
  sweepIntervalMs: number;
  /** between outbox deliveries; 0: no delivery */
  outboxIntervalMs: number;
  ratingWindowDays: number;
  /** the configured external gateways (null: not configured) */
  sms: Gateway | null;
  wechat: Gateway | null;
  /** the benchmark's floor endpoint is registered */
  benchFloor: boolean;
};

/** Parses the environment into a typed configuration; throws with a readable message on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: resolve(e.DATA_DIR),
    dataKey: e.GONGZHI_DATA_KEY,
    demoPassword: e.DEMO_PASSWORD,
    seedDemo: e.SEED_DEMO === "true",
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    cookieSecure: e.COOKIE_SECURE === "true",
    trustProxy: e.TRUST_PROXY === "true",
    bodyLimit: e.BODY_LIMIT_BYTES,
    webDist: e.WEB_DIST,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    autoEscalate: e.AUTO_ESCALATE === "true",
    sweepIntervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
    outboxIntervalMs: e.OUTBOX_INTERVAL_SECONDS * 1000,
    ratingWindowDays: e.RATING_WINDOW_DAYS,
    sms: e.SMS_ENDPOINT ? { endpoint: e.SMS_ENDPOINT, token: e.SMS_TOKEN || undefined } : null,
    wechat: e.WECHAT_ENDPOINT ? { endpoint: e.WECHAT_ENDPOINT, token: e.WECHAT_TOKEN || undefined } : null,
    benchFloor: e.BENCH_FLOOR === "true",
  };
}
