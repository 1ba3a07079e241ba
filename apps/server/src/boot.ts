import { type App, buildApp } from "./app.js";
import type { Config } from "./config.js";
import { type Db, openDb } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { ensureReferenceData } from "./modules/cases/categories.seed.js";
import type { Deps } from "./platform/context.js";
import { createVault, loadDataKey } from "./platform/crypto.js";
import { isEmpty, seedDemo } from "./seed/demo.js";

/** Opens the configured database and the personal-data vault, and applies migrations. */
export async function openDeps(config: Config): Promise<Deps> {
  const db: Db = await openDb(config);
  const vault = createVault(loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir, embedded: !config.databaseUrl }));
  await migrate(db);
  await ensureReferenceData({ db });
  return { config, db, vault };
}

/** Everything `npm start` does before listening: database, migrations, demo city on first start, the app. */
export async function boot(config: Config): Promise<{ app: App; db: Db; deps: Deps }> {
  const deps = await openDeps(config);
  if (config.seedDemo && (await isEmpty(deps.db))) {
    await seedDemo(deps);
  }
  const app = await buildApp(deps);
  return { app, db: deps.db, deps };
}
