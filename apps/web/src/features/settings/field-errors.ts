// The server's field errors on nested form fields (a category's extra questions, a list's options).
import type { FormInstance } from "antd";
import { ApiError } from "../../shared/api";

type NamePath = (string | number)[];

/**
 * Where the server's error points, as form field paths with its (localized) message: each issue of a validation
 * error (`body.attributes.2.values.0.key`), or the one field a domain error names (`{ field: "parentCode" }`).
 * `rename` maps a server field to the form's, dotted (e.g. the handler check's `handler` to `handler.ref`).
 */
export function serverFieldErrors(error: unknown, rename: Record<string, string> = {}): { name: NamePath; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const out: { name: NamePath; message: string }[] = [];
  const toName = (segments: string[]): NamePath => {
    const rest = segments.length > 1 && ["body", "query", "querystring", "params"].includes(segments[0]!) ? segments.slice(1) : segments;
    const [first, ...tail] = rest;
    const head = rename[first ?? ""]?.split(".") ?? [first ?? ""];
    return [...head, ...tail].map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  };
  const d = error.details as unknown;
  if (Array.isArray(d)) {
    for (const issue of d) {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      if (typeof path === "string" && path && typeof message === "string") out.push({ name: toName(path.split(".")), message });
    }
  } else if (d && typeof d === "object" && typeof (d as { field?: unknown }).field === "string") {
    out.push({ name: toName([(d as { field: string }).field]), message: error.message });
  }
  return out;
}

/** Shows the server's field errors on the form; returns whether any was shown. */
export function showServerErrors(form: FormInstance, error: unknown, rename?: Record<string, string>): boolean {
  const fields = serverFieldErrors(error, rename);
  form.setFields(fields.map((f) => ({ name: f.name, errors: [f.message] })));
  return fields.length > 0;
}
