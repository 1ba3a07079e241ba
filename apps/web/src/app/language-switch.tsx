import { GlobalOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language, setLanguage } from "../shared/i18n";

/** Switches the UI language between 简体中文 and English. */
export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        selectable: true,
        selectedKeys: [i18n.language],
        items: LANGUAGES.map((lng) => ({
          key: lng,
          label: <span data-testid={`language-option-${lng}`}>{t(`language.${lng}`)}</span>,
        })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t("language.label")}
        data-testid="language-switch"
        style={light ? { color: "#fff" } : undefined}
      >
        {t(`language.short.${i18n.language}`)}
      </Button>
    </Dropdown>
  );
}
