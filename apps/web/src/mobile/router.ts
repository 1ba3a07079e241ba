// A minimal history router for the mobile entry (three screens do not need a router library).
import { useSyncExternalStore } from "react";

export const MOBILE_BASE = "/m";

function subscribe(callback: () => void): () => void {
  window.addEventListener("popstate", callback);
  return () => window.removeEventListener("popstate", callback);
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** Current location inside the mobile entry: path without the /m prefix, and the query. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  let path = url.pathname.startsWith(MOBILE_BASE) ? url.pathname.slice(MOBILE_BASE.length) : url.pathname;
  if (!path || path === "/index.html") path = "/";
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return { path, params: url.searchParams };
}

/** Goes to a path inside the mobile entry (e.g. "/people?areaCode=…"). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const href = MOBILE_BASE + (to.startsWith("/") ? to : `/${to}`);
  if (options.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.dispatchEvent(new PopStateEvent("popstate"));
  window.scrollTo(0, 0);
}

/** Back within the mobile entry, or to its home if there is no history. */
export function goBack(): void {
  if (window.history.length > 1) window.history.back();
  else navigate("/", { replace: true });
}
