import { Result } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { can } from "../shared/domain";
import { useMe } from "../shared/query";
import type { Permission } from "../shared/types";
import { BackHomeButton, ErrorState, PageLoading } from "./ui";

/** Renders its children only for a signed-in actor; otherwise goes to the login page and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading fullscreen />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} fullscreen />;
  if (!me.data) {
    const next = location.pathname + location.search;
    const search = next && next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
    return <Navigate to={`/login${search}`} replace />;
  }
  return <>{children}</>;
}

/** Renders its children only when the actor holds the permission; otherwise a 403 result. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!can(me.data, permission)) {
    return (
      <Result
        status="403"
        title={t("errors.forbiddenTitle")}
        subTitle={t("errors.forbiddenText")}
        extra={<BackHomeButton />}
        data-testid="forbidden"
      />
    );
  }
  return <>{children}</>;
}
