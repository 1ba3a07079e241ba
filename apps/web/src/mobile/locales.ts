// The phone entry loads only the sections of the strings its screens use (cut at build time by the
// `mobileStrings` plugin in vite.config.ts), so the page a resident opens first stays small; the console
// loads them all. A section the phone starts to use is added to MOBILE_SECTIONS there.
import type { LocaleLoaders } from "../shared/i18n";

export const MOBILE_LOCALES: LocaleLoaders = {
  "zh-CN": () => import("virtual:mobile-strings/zh-CN"),
  en: () => import("virtual:mobile-strings/en"),
};
