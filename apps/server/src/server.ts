import { boot } from "./boot.js";
import { loadConfig } from "./config.js";

/** Starts the platform: open the database, migrate, seed on first start, listen; stop cleanly on SIGTERM. */
async function main() {
  const config = loadConfig();
  const { app, db } = await boot(config);
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
      await app.close();
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
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
