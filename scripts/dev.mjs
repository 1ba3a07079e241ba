// `npm run dev`: the server (restarting on change) and the Vite dev server with its proxy to the API.
import { spawn } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const procs = [
  spawn(process.execPath, ["--import", "tsx", "--watch", "apps/server/src/server.ts"], { cwd: root, stdio: "inherit" }),
  spawn("npm", ["run", "dev", "-w", "apps/web"], { cwd: root, stdio: "inherit" }),
];
const stop = () => {
  for (const p of procs) p.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const p of procs)
  p.on("exit", (code) => {
    stop();
    process.exit(code ?? 0);
  });
