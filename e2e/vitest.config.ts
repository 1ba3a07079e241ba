import { defineConfig } from "vitest/config";

// Browser journeys against the real server and the built web app (run `npm run build` first).
export default defineConfig({
  test: {
    include: ["**/*.e2e.test.ts"],
    // Each file starts its own server and browser; running them one at a time keeps memory in check.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    teardownTimeout: 30_000,
    reporters: ["default"],
  },
});
