// Formatting of registry figures in the UI language.
import { currentLanguage } from "../../shared/i18n";

/** An amount of money in yuan, e.g. ¥125,000. */
export function formatYuan(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(currentLanguage(), { style: "currency", currency: "CNY", maximumFractionDigits: 0 }).format(value);
}

/** A decimal figure with up to `digits` decimals, e.g. 3,072.7. */
export function formatDecimal(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits }).format(value);
}

/** A rate 0..1 as a percentage, e.g. 42.9%; a dash when there is nothing to rate. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  return new Intl.NumberFormat(currentLanguage(), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}
