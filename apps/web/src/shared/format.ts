// Locale-aware formatting helpers.
import { currentLanguage } from "./i18n";

/** Date and time in the UI language, e.g. 2026/11/21 14:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
}

/** A whole number with grouping in the UI language. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(currentLanguage()).format(value);
}
