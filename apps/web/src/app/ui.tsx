// Small building blocks shared by the console pages.
import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Empty, Flex, Spin, Typography } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../shared/api";
import { errorMessage } from "../shared/query";
import { BRAND } from "./brand";

const fullscreenStyle: CSSProperties = { minHeight: "100vh" };

/** A centred spinner for a page or the whole screen. */
export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={fullscreen ? fullscreenStyle : { minHeight: 240 }}>
      <Spin description={t("common.loading")} data-testid="loading" />
    </Flex>
  );
}

/** An error from the API (its localized message) with an optional retry button. */
export function ErrorState({ error, onRetry, fullscreen = false }: { error: unknown; onRetry?: () => void; fullscreen?: boolean }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : null;
  const alert = (
    <Alert
      type="error"
      showIcon
      title={t("errors.loadFailed")}
      description={
        <>
          {errorMessage(error)}
          {code ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              ({code})
            </Typography.Text>
          ) : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
            {t("common.retry")}
          </Button>
        ) : undefined
      }
      data-testid="error-state"
    />
  );
  if (!fullscreen) return alert;
  return (
    <Flex align="center" justify="center" style={{ ...fullscreenStyle, padding: 24 }}>
      <div style={{ maxWidth: 520, width: "100%" }}>{alert}</div>
    </Flex>
  );
}

/** An empty list, with an optional call to action. */
export function EmptyState({ description, action }: { description?: ReactNode; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t("common.empty")} data-testid="empty-state">
      {action}
    </Empty>
  );
}

/** The title row of a page: title, a one-line description, and actions on the right. */
export function PageHeader({
  title,
  description,
  extra,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid={testId ?? "page-title"}>
          {title}
        </Typography.Title>
        {description ? (
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            {description}
          </Typography.Paragraph>
        ) : null}
      </div>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** A card's title with an icon before it. */
export function IconTitle({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Flex gap={8} align="center">
      {icon}
      {children}
    </Flex>
  );
}

/** The product's seal: 共 in white on the brand red. */
export function BrandMark({ style }: { style?: CSSProperties }) {
  const { t } = useTranslation();
  return (
    <span
      aria-hidden
      style={{
        width: 32,
        height: 32,
        borderRadius: 8,
        background: BRAND.primary,
        color: "#fff",
        fontWeight: 700,
        fontSize: 18,
        display: "inline-flex",
        alignItems: "center",
        justifyContent: "center",
        ...style,
      }}
    >
      {t("app.mark")}
    </span>
  );
}

/** Back to the home page, the way out of a page the actor cannot use. */
export function BackHomeButton() {
  const { t } = useTranslation();
  return (
    <Link to="/">
      <Button type="primary">{t("common.backHome")}</Button>
    </Link>
  );
}
