import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntdApp, ConfigProvider, theme } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router";
import { configureApi } from "../shared/api";
import { currentLanguage, i18next } from "../shared/i18n";
import { createQueryClient, isAudited, meQueryKey } from "../shared/query";
import { BRAND } from "./brand";
import { createConsoleRouter } from "./router";

/** The staff console: providers, antd locale following the UI language, and the router. */
export function ConsoleApp() {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    configureApi({
      language: currentLanguage,
      // The session is gone: drop the actor, and the auth gate sends the user to the login page.
      onUnauthorized: () => client.setQueryData(meQueryKey, null),
      fallbackMessage: (status) => (status === 0 ? i18next.t("errors.network") : i18next.t("errors.http", { status: String(status) })),
    });
    return client;
  });
  const [router] = useState(createConsoleRouter);
  const { i18n } = useTranslation();

  useEffect(() => {
    // Server-side texts (messages, scope labels) follow Accept-Language: fetch them again in the new language.
    const onChange = () => void queryClient.invalidateQueries({ predicate: (q) => !isAudited(q.queryKey) });
    i18n.on("languageChanged", onChange);
    return () => i18n.off("languageChanged", onChange);
  }, [i18n, queryClient]);

  return (
    <ConfigProvider
      locale={i18n.language === "en" ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: BRAND.primary, borderRadius: 6 },
        components: {
          Layout: { siderBg: BRAND.siderBg, triggerBg: "#161a1f", headerBg: "#ffffff", headerPadding: "0 16px" },
          Menu: { darkItemBg: BRAND.siderBg, darkSubMenuItemBg: "#181b20", darkItemSelectedBg: BRAND.primary },
        },
      }}
    >
      <AntdApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
