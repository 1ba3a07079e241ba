import { ArrowRightOutlined, EnvironmentOutlined } from "@ant-design/icons";
import type { UseQueryResult } from "@tanstack/react-query";
import { Card, Col, Descriptions, Flex, List, Row, Segmented, Skeleton, Statistic, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { BRAND } from "../../app/brand";
import { EmptyState, ErrorState, IconTitle } from "../../app/ui";
import { can, primaryRole, ROLE_PRIORITY } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Me, Role } from "../../shared/types";
import { useAccounts } from "../accounts/api";
import { useApiKeys } from "../api-keys/api";
import { useArea, useScopeRoots } from "../areas/api";
import { useAudit } from "../audit/api";
import { PasswordModal } from "../auth/password-modal";
import { usePeople } from "../people/api";
import { LINKS, type LinkKey, type QuickLink, ROLE_HOME, STAT_PERMISSION, type StatKey } from "./home-config";

function ScopeCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const area = useArea(me.scope.areaCode);
  return (
    <Card
      title={
        <IconTitle icon={<EnvironmentOutlined style={{ color: BRAND.primary }} />}>{t(`home.scope.titles.${me.scope.kind}`)}</IconTitle>
      }
      style={{ height: "100%" }}
      data-testid="scope-card"
    >
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="scope-label">
        {me.scope.areaCode && can(me, "areas.read") ? (
          <Link to={`/areas/${encodeURIComponent(me.scope.areaCode)}`}>{me.scope.label}</Link>
        ) : (
          me.scope.label
        )}
      </Typography.Title>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: "kind", label: t("home.scope.kind"), children: t(`scopeKind.${me.scope.kind}`) },
          ...(me.scope.areaCode
            ? [
                { key: "area", label: t("home.scope.area"), children: me.scope.areaName ?? me.scope.areaCode },
                {
                  key: "code",
                  label: t("home.scope.code"),
                  children: <Typography.Text copyable>{me.scope.areaCode}</Typography.Text>,
                },
                {
                  key: "level",
                  label: t("home.scope.level"),
                  children: area.data ? t(`levels.${area.data.level}`) : area.isPending ? "…" : "—",
                },
              ]
            : []),
          {
            key: "roles",
            label: t("home.scope.roles"),
            children: (
              <Flex gap={4} wrap>
                {me.roles.map((r) => (
                  <Tag key={r} color="red" style={{ marginInlineEnd: 0 }}>
                    {t(`roles.${r}`)}
                  </Tag>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

function StatCard({
  title,
  value,
  loading,
  error,
  to,
}: {
  title: string;
  value: number | undefined;
  loading: boolean;
  error: boolean;
  to?: string;
}) {
  const { t } = useTranslation();
  const body = (
    <Card hoverable={!!to} style={{ height: "100%" }} data-testid="stat-card">
      <Statistic title={title} value={error ? "—" : value} loading={loading} />
      {to ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("home.view")} <ArrowRightOutlined />
        </Typography.Text>
      ) : null}
    </Card>
  );
  return to ? <Link to={to}>{body}</Link> : body;
}

function Stats({ me, stats }: { me: Me; stats: StatKey[] }) {
  const { t } = useTranslation();
  // Sub-areas only make sense for an actor bound to an area (not a department or a unit).
  const visible = stats.filter((s) => can(me, STAT_PERMISSION[s]) && (s !== "subAreas" || !!me.scope.areaCode));
  const roots = useScopeRoots(visible.includes("subAreas"));
  const people = usePeople({ pageSize: 1 }, visible.includes("people"));
  const accounts = useAccounts({ pageSize: 1 }, visible.includes("accounts"));
  const apiKeys = useApiKeys(visible.includes("apiKeys"));
  const audit = useAudit({ pageSize: 1 }, visible.includes("audit"));
  if (visible.length === 0) return null;
  const cards: Record<StatKey, ReactNode> = {
    subAreas: (
      <StatCard
        title={t("home.stats.subAreas")}
        value={roots.data?.items.reduce((sum, a) => sum + a.childCount, 0)}
        loading={roots.isPending}
        error={roots.isError}
        to="/areas"
      />
    ),
    people: (
      <StatCard title={t("home.stats.people")} value={people.data?.total} loading={people.isPending} error={people.isError} to="/people" />
    ),
    accounts: (
      <StatCard
        title={t("home.stats.accounts")}
        value={accounts.data?.total}
        loading={accounts.isPending}
        error={accounts.isError}
        to="/accounts"
      />
    ),
    apiKeys: (
      <StatCard
        title={t("home.stats.apiKeys")}
        value={apiKeys.data?.items.filter((k) => !k.revokedAt).length}
        loading={apiKeys.isPending}
        error={apiKeys.isError}
        to="/api-keys"
      />
    ),
    audit: <StatCard title={t("home.stats.audit")} value={audit.data?.total} loading={audit.isPending} error={audit.isError} to="/audit" />,
  };
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {visible.map((s) => (
        <Col key={s} xs={12} md={24 / Math.min(visible.length, 4)}>
          {cards[s]}
        </Col>
      ))}
    </Row>
  );
}

function LinkCard({ linkKey, link, scope, onAction }: { linkKey: LinkKey; link: QuickLink; scope: string | null; onAction: () => void }) {
  const { t } = useTranslation();
  const content = (
    <Card hoverable style={{ height: "100%" }} styles={{ body: { padding: 16 } }} data-testid={`quick-link-${linkKey}`}>
      <Flex gap={12} align="flex-start">
        <span
          style={{
            fontSize: 20,
            width: 40,
            height: 40,
            flex: "none",
            borderRadius: 10,
            display: "inline-flex",
            alignItems: "center",
            justifyContent: "center",
            color: link.color,
            background: `${link.color}14`,
          }}
        >
          {link.icon}
        </span>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{t(`home.links.${linkKey}.title`)}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
            {t(`home.links.${linkKey}.text`)}
          </Typography.Paragraph>
        </div>
      </Flex>
    </Card>
  );
  if (link.to) return <Link to={link.to.replace("{scope}", encodeURIComponent(scope ?? ""))}>{content}</Link>;
  if (link.href) return <a href={link.href}>{content}</a>;
  return (
    <button
      type="button"
      onClick={onAction}
      style={{
        display: "block",
        width: "100%",
        height: "100%",
        padding: 0,
        border: 0,
        background: "none",
        textAlign: "start",
        cursor: "pointer",
      }}
    >
      {content}
    </button>
  );
}

/** The latest few items of a list query, with its loading, error and empty states. */
function RecentList<T>({
  query,
  empty,
  renderItem,
}: {
  query: UseQueryResult<{ items: T[] }>;
  empty: string;
  renderItem: (item: T) => ReactNode;
}) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton active />;
  if (query.data.items.length === 0) return <EmptyState description={empty} />;
  return <List dataSource={query.data.items} renderItem={renderItem} />;
}

function RecentPeople() {
  const { t } = useTranslation();
  const people = usePeople({ pageSize: 5 });
  return (
    <RecentList
      query={people}
      empty={t("people.empty")}
      renderItem={(p) => (
        <List.Item extra={<Typography.Text type="secondary">{p.phone ?? ""}</Typography.Text>}>
          <List.Item.Meta
            title={<Link to={`/people?id=${encodeURIComponent(p.id)}`}>{p.name}</Link>}
            description={`${t(`gender.${p.gender}`)} · ${p.areaName ?? p.areaCode}`}
          />
        </List.Item>
      )}
    />
  );
}

function RecentAudit() {
  const { t } = useTranslation();
  const audit = useAudit({ pageSize: 6 });
  return (
    <RecentList
      query={audit}
      empty={t("audit.empty")}
      renderItem={(e) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Flex gap={8} wrap align="center">
                <Tag style={{ marginInlineEnd: 0 }}>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Tag>
                <Typography.Text>{e.actorLabel}</Typography.Text>
              </Flex>
            }
            description={formatDateTime(e.at)}
          />
        </List.Item>
      )}
    />
  );
}

/** The actor's workbench: a home page per role with the scope, figures and entry points that exist now. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const [passwordOpen, setPasswordOpen] = useState(false);
  if (!me) return null;

  const held = ROLE_PRIORITY.filter((r) => me.roles.includes(r));
  const requested = params.get("view") as Role | null;
  const role: Role = requested && held.includes(requested) ? requested : primaryRole(me.roles);
  const config = ROLE_HOME[role];
  const links = config.links.filter((k) => {
    const p = LINKS[k].permission;
    // A link into the actor's own area needs an area to point at.
    if (LINKS[k].to?.includes("{scope}") && !me.scope.areaCode) return false;
    return !p || can(me, p);
  });
  const panel =
    config.panel === "people" && can(me, "people.read") ? "people" : config.panel === "audit" && can(me, "audit.read") ? "audit" : null;

  return (
    <div data-testid={`home-${role}`}>
      <Card
        style={{
          marginBottom: 16,
          background: `linear-gradient(100deg, ${BRAND.primary} 0%, #e0474d 55%, #f08a5d 100%)`,
          border: "none",
        }}
        styles={{ body: { padding: "20px 24px" } }}
      >
        <Flex justify="space-between" align="center" wrap gap={12}>
          <div>
            <Typography.Title level={2} style={{ margin: 0, color: "#fff" }} data-testid="home-title">
              {t(`home.roles.${role}.title`)}
            </Typography.Title>
            <Typography.Text style={{ color: "rgba(255,255,255,0.9)" }}>
              {t("home.greeting", { name: me.displayName })} {t(`home.roles.${role}.subtitle`)}
            </Typography.Text>
          </div>
          {held.length > 1 ? (
            <Segmented
              value={role}
              options={held.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              onChange={(v) => setParams({ view: String(v) }, { replace: true })}
              data-testid="role-view-switch"
            />
          ) : null}
        </Flex>
      </Card>

      <Stats me={me} stats={config.stats} />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <ScopeCard me={me} />
        </Col>
        <Col xs={24} lg={15}>
          <Card title={t("home.quickLinks")} style={{ height: "100%" }}>
            <Row gutter={[12, 12]}>
              {links.map((k) => (
                <Col key={k} xs={24} sm={12}>
                  <LinkCard linkKey={k} link={LINKS[k]} scope={me.scope.areaCode} onAction={() => setPasswordOpen(true)} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={panel ? 9 : 24}>
          <Card title={t("home.about")} style={{ height: "100%" }}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t(`home.roles.${role}.about`)}</Typography.Paragraph>
          </Card>
        </Col>
        {panel ? (
          <Col xs={24} lg={15}>
            <Card
              title={t(`home.panels.${panel}`)}
              extra={<Link to={panel === "people" ? "/people" : "/audit"}>{t("home.viewAll")}</Link>}
              style={{ height: "100%" }}
              styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}
            >
              {panel === "people" ? <RecentPeople /> : <RecentAudit />}
            </Card>
          </Col>
        ) : null}
      </Row>

      <PasswordModal open={passwordOpen} forced={false} onClose={() => setPasswordOpen(false)} />
    </div>
  );
}
