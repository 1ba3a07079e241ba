import { QueryClientProvider } from "@tanstack/react-query";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { configureApi } from "../shared/api";
import { currentLanguage, i18next } from "../shared/i18n";
import { createQueryClient, isAudited, meQueryKey, useMe } from "../shared/query";
import { ConfigProvider, DotLoading, ErrorBlock } from "./adm";
import { HomePage } from "./home-page";
import { InboxPage } from "./inbox-page";
import { LoginPage } from "./login-page";
import { PeoplePage } from "./people-page";
import { ReportPage } from "./report-page";
import { navigate, useLocation } from "./router";
import { serveScreen } from "./serve-screens";
import { MyCasesPage, TrackPage } from "./track-page";
import "./mobile.css";

const PUBLIC_PATHS = ["/report", "/track"];

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="gz-center" data-testid="loading">
      <DotLoading color="primary" />
      <span className="gz-muted">{t("common.loading")}</span>
    </div>
  );
}

function Screens() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const me = useMe();

  const signedOut = !me.isPending && !me.isError && !me.data;
  const isPublic = PUBLIC_PATHS.includes(path);
  useEffect(() => {
    if (signedOut && path !== "/login" && !isPublic) navigate("/login", { replace: true });
    if (me.data && path === "/login") navigate("/", { replace: true });
  }, [signedOut, me.data, path, isPublic]);

  // Residents report and follow their case without an account.
  if (path === "/report" && !me.isPending) return <ReportPage key={me.data?.id ?? "anonymous"} me={me.data ?? null} />;
  if (path === "/track") return <TrackPage />;
  if (me.isPending) return <Loading />;
  if (me.isError)
    return (
      <div className="gz-center">
        <ErrorBlock status="default" title={t("errors.loadFailed")} description={me.error.message} />
      </div>
    );
  if (!me.data) return path === "/login" ? <LoginPage /> : <Loading />;
  if (path === "/login") return <Loading />;
  if (path === "/") return <HomePage me={me.data} />;
  if (path === "/people") return <PeoplePage me={me.data} />;
  if (path === "/my-cases") return <MyCasesPage />;
  if (path === "/inbox") return <InboxPage me={me.data} />;
  if (path === "/patrol") return <ReportPage me={me.data} patrol />;
  const served = serveScreen(path, me.data);
  if (served) return served;
  return (
    <div className="gz-center" data-testid="not-found">
      <ErrorBlock status="empty" title="404" description={t("errors.notFoundText")} />
      <a className="gz-link" href="/m/">
        {t("common.backHome")}
      </a>
    </div>
  );
}

/** The mobile entry for residents and grid workers. */
export function MobileApp() {
  const { i18n } = useTranslation();
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    configureApi({
      language: currentLanguage,
      onUnauthorized: () => client.setQueryData(meQueryKey, null),
      fallbackMessage: (status) => (status === 0 ? i18next.t("errors.network") : i18next.t("errors.http", { status: String(status) })),
    });
    return client;
  });

  useEffect(() => {
    const onChange = () => void queryClient.invalidateQueries({ predicate: (q) => !isAudited(q.queryKey) });
    i18n.on("languageChanged", onChange);
    return () => i18n.off("languageChanged", onChange);
  }, [i18n, queryClient]);

  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN}>
      <QueryClientProvider client={queryClient}>
        <Screens />
      </QueryClientProvider>
    </ConfigProvider>
  );
}
