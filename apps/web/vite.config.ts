import { readFileSync } from "node:fs";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type Plugin } from "vite";

const root = decodeURIComponent(new URL(".", import.meta.url).pathname);

/** In development, deep links under /m/ fall back to the mobile entry (the server does the same for dist/). */
function mobileFallback(): Plugin {
  return {
    name: "gongzhi-mobile-fallback",
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? "";
        const accept = req.headers.accept ?? "";
        if (req.method === "GET" && url.startsWith("/m/") && !/\.[a-z0-9]+($|\?)/i.test(url) && accept.includes("text/html")) {
          req.url = "/m/index.html";
        }
        next();
      });
    },
  };
}

/** The sections of the strings the phone entry's screens use (`t("report.…")` and so on). */
const MOBILE_SECTIONS = [
  "app",
  "auth",
  "common",
  "errors",
  "gender",
  "home",
  "inbox",
  "language",
  "levels",
  "login",
  "mobile",
  "people",
  "report",
  "roles",
  "scopeKind",
  "track",
  "validation",
  "volunteers",
];
const MOBILE_STRINGS = "virtual:mobile-strings/";

/**
 * `virtual:mobile-strings/<language>`: the phone entry's strings, cut from src/locales/<language>.json at build
 * time, so that the page a resident opens first does not download the console's strings.
 */
function mobileStrings(): Plugin {
  return {
    name: "gongzhi-mobile-strings",
    resolveId: (id) => (id.startsWith(MOBILE_STRINGS) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${MOBILE_STRINGS}`)) return null;
      const language = id.slice(MOBILE_STRINGS.length + 1);
      const file = `${root}src/locales/${language}.json`;
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      const picked = Object.fromEntries(MOBILE_SECTIONS.map((k) => [k, all[k]]));
      return `export default ${JSON.stringify(picked)};`;
    },
  };
}

export default defineConfig(({ mode }) => {
  // The API the dev server proxies to; GONGZHI_API_URL overrides the default local server.
  const apiTarget = loadEnv(mode, root, "").GONGZHI_API_URL || "http://localhost:3000";
  return {
    root,
    plugins: [react(), mobileFallback(), mobileStrings()],
    resolve: {
      // The workspace root also holds an older React pulled in as a peer; always bundle the app's own copy.
      dedupe: ["react", "react-dom"],
    },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rolldownOptions: {
        input: {
          console: `${root}index.html`,
          mobile: `${root}m/index.html`,
        },
        output: {
          codeSplitting: {
            // What both entries load (React, TanStack Query, i18next) in one long-cached chunk.
            groups: [
              {
                name: "vendor-react",
                test: /[\\/]node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next|@tanstack[\\/](query-core|react-query))[\\/]/,
              },
              // The app's own shared code (API client, i18n, query setup), also used by both entries.
              { name: "shared", test: /[\\/]src[\\/]shared[\\/]/ },
            ],
          },
        },
      },
    },
    server: {
      port: 5173,
      proxy: {
        "/api": apiTarget,
        "/open311": apiTarget,
        "/health": apiTarget,
        "/ready": apiTarget,
      },
    },
    preview: {
      proxy: { "/api": apiTarget },
    },
  };
});
