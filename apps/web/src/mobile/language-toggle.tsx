import { useTranslation } from "react-i18next";
import { type Language, setLanguage } from "../shared/i18n";

/** Toggles between 中文 and English; the button names the language it switches to. */
export function LanguageToggle({ dark = false }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  const next: Language = i18n.language === "en" ? "zh-CN" : "en";
  return (
    <button
      type="button"
      className={dark ? "gz-lang dark" : "gz-lang"}
      onClick={() => void setLanguage(next)}
      aria-label={t("language.label")}
      data-testid="language-switch"
    >
      {t(`language.${next}`)}
    </button>
  );
}
