import { LockOutlined, MobileOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, Grid, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { BRAND } from "../../app/brand";
import { LanguageSwitch } from "../../app/language-switch";
import { BrandMark, PageLoading } from "../../app/ui";
import { ApiError, login } from "../../shared/api";
import { meQueryKey, useMe } from "../../shared/query";

interface Values {
  username: string;
  password: string;
}

/** A `next` parameter we are willing to follow: a path inside the console, never another site. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

/** The lockout hint: how long to wait, in whole minutes. */
function LockedHint({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const seconds = error.retryAfterSeconds;
  if (seconds === null) return null;
  return <>{t("auth.retryAfter", { minutes: Math.max(1, Math.ceil(seconds / 60)) })}</>;
}

/** Sign-in to the staff console. */
export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;

  const mutation = useMutation({
    mutationFn: (v: Values) => login(v.username.trim(), v.password),
    onSuccess: (actor) => {
      queryClient.setQueryData(meQueryKey, actor);
      navigate(next, { replace: true });
    },
  });

  if (me.isPending) return <PageLoading fullscreen />;
  if (me.data) return <Navigate to={next} replace />;

  const error = mutation.error;
  return (
    <Flex
      style={{
        minHeight: "100vh",
        background: `linear-gradient(135deg, #fff5f5 0%, #f5f6f8 45%, #eef1f6 100%)`,
      }}
      vertical
    >
      <Flex justify="space-between" align="center" style={{ padding: "12px 20px" }}>
        <Flex align="center" gap={10}>
          <BrandMark />
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t("app.fullName")}
          </Typography.Text>
        </Flex>
        <LanguageSwitch />
      </Flex>
      <Flex flex={1} align="center" justify="center" gap={64} style={{ padding: "24px 16px 48px" }}>
        {wide ? (
          <div style={{ maxWidth: 440 }}>
            <Typography.Title level={1} style={{ marginTop: 0, color: BRAND.primary }}>
              {t("login.heroTitle")}
            </Typography.Title>
            <Typography.Paragraph style={{ fontSize: 16, color: "rgba(0,0,0,0.65)" }}>{t("login.heroText")}</Typography.Paragraph>
            <ul style={{ paddingInlineStart: 20, color: "rgba(0,0,0,0.65)", lineHeight: 2 }}>
              <li>{t("login.point1")}</li>
              <li>{t("login.point2")}</li>
              <li>{t("login.point3")}</li>
            </ul>
          </div>
        ) : null}
        <Card style={{ width: "100%", maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
          <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="login-title">
            {t("login.title")}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t("login.subtitle")}</Typography.Paragraph>
          {error ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={error.message}
              description={error instanceof ApiError && error.retryAfterSeconds !== null ? <LockedHint error={error} /> : undefined}
              data-testid="login-error"
            />
          ) : null}
          <Form<Values>
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => mutation.mutate(v)}
            onValuesChange={() => {
              if (mutation.isError) mutation.reset();
            }}
            data-testid="login-form"
          >
            <Form.Item
              name="username"
              label={t("login.username")}
              rules={[{ required: true, whitespace: true, message: t("login.usernameRequired") }]}
            >
              <Input size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("login.passwordRequired") }]}>
              <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={mutation.isPending} data-testid="login-submit">
              {t("login.submit")}
            </Button>
          </Form>
          <Flex justify="center" style={{ marginTop: 20 }}>
            <Button type="link" href="/m/" icon={<MobileOutlined />}>
              {t("login.toMobile")}
            </Button>
          </Flex>
        </Card>
      </Flex>
      <Typography.Text type="secondary" style={{ textAlign: "center", padding: 12, fontSize: 12 }}>
        {t("app.footer")}
      </Typography.Text>
    </Flex>
  );
}
