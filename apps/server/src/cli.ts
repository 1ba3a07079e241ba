import { stdin } from "node:process";
import { createInterface } from "node:readline/promises";
import { openDeps } from "./boot.js";
import { loadConfig } from "./config.js";
import { backup, restore } from "./db/backup.js";
import { migrate } from "./db/migrate.js";
import { issueApiKey } from "./modules/api-keys/api-keys.routes.js";
import { writeAudit } from "./platform/audit.js";
import { hashPassword, isStrongPassword } from "./platform/passwords.js";
import { isEmpty, seedDemo } from "./seed/demo.js";

const USAGE = `Usage: npm run gongzhi -- <command>

  migrate                     apply pending database migrations
  create-admin USER [AREA]    create an administrator (password from GONGZHI_ADMIN_PASSWORD or asked);
                              AREA is the area code of its scope (default: the first city)
  seed-demo                   build the demo city (only into an empty database)
  backup FILE                 write a logical backup (gzipped JSON lines) of the whole database
  restore FILE                replace the database's contents with a backup
  api-key create NAME         issue an API key for a machine client and print it

The database is the one the server uses: DATABASE_URL, or PGlite under DATA_DIR (default ./data).`;

const CLI_CTX = { actorId: null, actorLabel: "cli", ip: null };

async function readPassword(): Promise<string> {
  if (process.env.GONGZHI_ADMIN_PASSWORD) return process.env.GONGZHI_ADMIN_PASSWORD;
  const rl = createInterface({ input: stdin, output: process.stderr });
  const answer = await rl.question("Password (at least 10 characters, letters and digits): ");
  rl.close();
  return answer.trim();
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === "help" || cmd === "--help") {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const known = ["migrate", "create-admin", "seed-demo", "backup", "restore", "api-key"];
  if (!known.includes(cmd)) {
    console.error(`Unknown command: ${cmd}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  const deps = await openDeps(config);
  const { db } = deps;
  try {
    switch (cmd) {
      case "migrate": {
        const applied = await migrate(db);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Up to date");
        return 0;
      }
      case "create-admin": {
        const [username, area] = args;
        if (!username) throw new Error("create-admin needs a username");
        const password = await readPassword();
        if (!isStrongPassword(password)) throw new Error("The password needs at least 10 characters with letters and digits");
        const areaCode =
          area ?? (await db.query<{ code: string }>("SELECT code FROM areas WHERE level = 'city' ORDER BY code LIMIT 1")).rows[0]?.code;
        if (!areaCode) throw new Error("No area to bind the administrator to: give an AREA code or seed the demo city first");
        await db.tx(async (q) => {
          if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [areaCode])).rows.length) throw new Error(`No area ${areaCode}`);
          const { rows } = await q.query<{ id: string }>(
            `INSERT INTO accounts (username, display_name, password_hash, roles, area_code) VALUES ($1, $1, $2, '{admin}', $3)
             ON CONFLICT DO NOTHING RETURNING id`,
            [username, await hashPassword(password), areaCode],
          );
          if (!rows[0]) throw new Error(`The username ${username} is taken`);
          await writeAudit(q, CLI_CTX, {
            action: "account.create",
            objectType: "account",
            objectId: rows[0].id,
            areaCode,
            after: { username, roles: ["admin"] },
          });
        });
        console.log(`Administrator ${username} created, scope ${areaCode}`);
        return 0;
      }
      case "seed-demo": {
        if (!(await isEmpty(db))) throw new Error("The database already holds data; the demo city is seeded only into an empty one");
        const started = Date.now();
        const out = await seedDemo(deps);
        console.log(`Demo city seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(out)}`);
        return 0;
      }
      case "backup": {
        const [file] = args;
        if (!file) throw new Error("backup needs a FILE");
        const out = await backup(db, file);
        console.log(`Backed up ${out.rows} rows of ${out.tables} tables to ${file}`);
        return 0;
      }
      case "restore": {
        const [file] = args;
        if (!file) throw new Error("restore needs a FILE");
        const out = await restore(db, file);
        console.log(`Restored ${out.rows} rows of ${out.tables} tables from ${file}`);
        return 0;
      }
      case "api-key": {
        const [sub, name] = args;
        if (sub !== "create" || !name) throw new Error("Usage: api-key create NAME");
        const out = await db.tx((q) => issueApiKey(q, name, null, CLI_CTX));
        console.log(out.key);
        return 0;
      }
    }
    return 2;
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
