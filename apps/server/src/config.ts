import { resolve } from "node:path";
import { z } from "zod";

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
});

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
  };
}
