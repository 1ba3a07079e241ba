// UI language: Simplified Chinese by default, English switchable; the choice is kept in localStorage.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";
const STORAGE_KEY = "gongzhi.lang";

/** How an entry loads the strings of each language. */
export type LocaleLoaders = Record<Language, () => Promise<{ default: Record<string, unknown> }>>;

// Each language is its own chunk, so a page loads only the language it shows. An entry may load fewer
// strings than the console's (the phone entry does: see mobile/locales.ts).
let loaders: LocaleLoaders = {
  "zh-CN": () => import("../locales/zh-CN.json"),
  en: () => import("../locales/en.json"),
};

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language saved by the user, or the default. */
export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** The language the UI currently shows. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : DEFAULT_LANGUAGE;
}

async function ensureLoaded(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, "translation")) return;
  const bundle = await loaders[language]();
  i18next.addResourceBundle(language, "translation", bundle.default, true, true);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.title = i18next.t("app.documentTitle");
}

/** Loads the saved language and starts i18next; call once before the first render. */
export async function initI18n(entryLoaders?: LocaleLoaders): Promise<typeof i18next> {
  if (entryLoaders) loaders = entryLoaders;
  const language = storedLanguage();
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: {},
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  applyToDocument(language);
  return i18next;
}

/** Switches the UI language and remembers the choice. */
export async function setLanguage(language: Language): Promise<void> {
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyToDocument(language);
}

export { i18next };
