import { boot } from "./boot.js";
import { loadConfig } from "./config.js";
import { startJobs } from "./modules/cases/sweeper.js";
import { startVolunteerJobs } from "./modules/volunteers/reminders.js";

/** Starts the platform: open the database, migrate, seed on first start, listen; stop cleanly on SIGTERM. */
async function main() {
  const config = loadConfig();
  const { app, db, deps } = await boot(config);
  let jobs: { stop(): Promise<void> } | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing in-flight requests");
    const timer = setTimeout(() => process.exit(1), 25_000);
    timer.unref();
    // A keep-alive connection busy when closing began stays open after its last response: close it once idle.
    const idle = setInterval(() => app.server.closeIdleConnections(), 200);
    idle.unref();
    try {
      // The deadlines sweeper and the outbox dispatcher finish their round before the database closes.
      await Promise.all([jobs?.stop(), app.close()]);
      clearInterval(idle);
      await db.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await app.listen({ port: config.port, host: config.host });
  if (!closing) {
    const all = [startJobs(deps, app.log), startVolunteerJobs(deps, app.log)];
    jobs = { stop: async () => void (await Promise.all(all.map((j) => j.stop()))) };
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
