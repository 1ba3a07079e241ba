// Runs the server's test suite on a PostgreSQL server instead of PGlite: `npm run test:pg [-- vitest args]`.
//
// Creates a database for the run, runs vitest with TEST_DATABASE_URL pointing at it (the test harness makes
// a database per test from there), and drops what the run created afterwards, whatever the outcome.
// PG_ADMIN_URL names a superuser connection; the default is the local server with trust authentication.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.PG_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";
/** Databases the test harness and the tests make: gz_t_<pid>_… per test, gz_tpl_<pid>_… per worker. */
const TEST_DB = /^gz_(t|tpl)_(\d+)_[a-z0-9_]+$/;

async function admin(fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function urlOf(name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/**
 * Drops the test databases nobody uses any more: not connected to, and made by a process that has ended
 * (this run's workers, or an earlier run that was killed). A concurrent run's databases are left alone.
 */
async function dropLeftovers() {
  return admin(async (client) => {
    const { rows } = await client.query(
      `SELECT d.datname AS name, d.datistemplate AS is_template,
              EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname) AS in_use
         FROM pg_database d
        WHERE d.datname LIKE 'gz\\_t\\_%' OR d.datname LIKE 'gz\\_tpl\\_%'`,
    );
    let dropped = 0;
    for (const db of rows) {
      const m = TEST_DB.exec(db.name);
      if (!m || db.in_use || alive(Number(m[2]))) continue;
      try {
        if (db.is_template) await client.query(`ALTER DATABASE "${db.name}" IS_TEMPLATE false`);
        await client.query(`DROP DATABASE IF EXISTS "${db.name}"`);
        dropped++;
      } catch (err) {
        console.error(`test:pg: could not drop ${db.name}: ${err.message}`);
      }
    }
    return dropped;
  });
}

function runVitest(env, args) {
  return new Promise((ok) => {
    const child = spawn("npx", ["vitest", "run", ...args], { cwd: SERVER_DIR, env, stdio: "inherit" });
    child.on("error", (err) => {
      console.error(`test:pg: could not start vitest: ${err.message}`);
      ok(1);
    });
    child.on("exit", (code, signal) => ok(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const name = `gongzhi_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  try {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
  } catch (err) {
    console.error(`test:pg: cannot create a database through ${adminUrl.replace(/\/\/[^@/]*@/, "//…@")}: ${err.message}`);
    console.error("Start PostgreSQL (e.g. `pg_ctlcluster 15 main start`) or set PG_ADMIN_URL to a superuser connection.");
    return 1;
  }
  // Ctrl-C reaches vitest too; this process waits for it and cleans up.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  let code = 1;
  try {
    console.log(`test:pg: running the suite on PostgreSQL, database ${name}`);
    code = await runVitest({ ...process.env, TEST_DATABASE_URL: urlOf(name) }, process.argv.slice(2));
  } finally {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const dropped = await dropLeftovers();
      if (dropped) console.log(`test:pg: dropped ${dropped} test database${dropped === 1 ? "" : "s"} left by the run`);
    } catch (err) {
      console.error(`test:pg: cleaning up failed: ${err.message}`);
    }
    process.off("SIGINT", ignore);
    process.off("SIGTERM", ignore);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
