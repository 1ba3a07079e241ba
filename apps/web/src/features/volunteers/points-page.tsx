// 党员积分 in the console: a branch's rule sets per member category, the manual items it approves, the candidates for
// commendation (in name order: no ranking) and any member's yearly statement.
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useListParams } from "../../app/list";
import { ErrorState, PageHeader } from "../../app/ui";
import { errorMessage } from "../../shared/query";
import { PartyOrgPicker } from "../registry/selects";
import {
  formatPoints,
  type PointItem,
  type PointRuleSet,
  thisYear,
  useCandidates,
  useMemberPoints,
  usePointItems,
  usePointRules,
  useVPost,
  vKeys,
} from "./api";
import { DecideModal, EnumTag } from "./shared";

const RULE_FIELDS = ["perHour", "hoursCap", "perWish", "perCase", "reportIn", "perCouncil", "perCourse", "commendationThreshold"] as const;
type RuleField = (typeof RULE_FIELDS)[number];

function RulesCard({ partyOrgId }: { partyOrgId: string }) {
  const { t } = useTranslation();
  const query = usePointRules(partyOrgId);
  const save = useVPost([vKeys.points]);
  const [rules, setRules] = useState<PointRuleSet[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data) setRules(query.data.rules);
  }, [query.data]);
  const canEdit = !!query.data?.canEdit;
  const set = (category: string, field: RuleField, value: number) =>
    setRules((prev) => prev.map((r) => (r.category === category ? { ...r, [field]: value } : r)));
  const columns: TableColumnsType<PointRuleSet> = [
    {
      key: "category",
      title: t("volunteers.console.memberCategory"),
      fixed: "left",
      width: 120,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {t(`volunteers.enums.memberCategory.${r.category}`)}
          {r.isDefault ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("volunteers.console.defaultRules")}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    ...RULE_FIELDS.map((f) => ({
      key: f,
      title: t(`volunteers.console.rule.${f}`),
      width: 110,
      render: (_: unknown, r: PointRuleSet) =>
        canEdit ? (
          <InputNumber
            size="small"
            min={0}
            max={f === "hoursCap" || f === "commendationThreshold" ? 100000 : f === "perHour" ? 100 : 1000}
            step={f === "perHour" ? 0.5 : 1}
            value={r[f]}
            onChange={(v) => set(r.category, f, v ?? 0)}
            style={{ width: 90 }}
          />
        ) : (
          r[f]
        ),
    })),
  ];
  return (
    <Card
      title={t("volunteers.console.rulesTitle")}
      extra={
        canEdit ? (
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { path: `/api/v1/points/rules/${partyOrgId}`, method: "PUT", body: { rules: rules.map(({ isDefault: _d, ...r }) => r) } },
                { onSuccess: () => setSaved(true) },
              )
            }
            data-testid="rules-save"
          >
            {t("common.save")}
          </Button>
        ) : null
      }
    >
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {save.isError ? <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} /> : null}
      {saved && !save.isError ? (
        <Alert
          type="success"
          showIcon
          closable
          title={t("volunteers.console.rulesSaved")}
          onClose={() => setSaved(false)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Typography.Paragraph type="secondary">{t("volunteers.console.rulesText")}</Typography.Paragraph>
      <Table<PointRuleSet & { isDefault?: boolean }>
        size="small"
        rowKey="category"
        loading={query.isFetching}
        pagination={false}
        dataSource={rules}
        columns={columns}
        scroll={{ x: 1000 }}
        data-testid="rules-table"
      />
    </Card>
  );
}

/** A member's statement for a year: every line with the events behind it. */
function StatementDrawer({ personId, year, onClose }: { personId: string | null; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useMemberPoints(personId, year);
  const s = query.data;
  return (
    <Drawer
      open={!!personId}
      onClose={onClose}
      size={560}
      destroyOnHidden
      title={s ? t("volunteers.console.statementOf", { name: s.name, year: s.year }) : undefined}
      data-testid="statement-drawer"
    >
      {query.isError ? <ErrorState error={query.error} /> : null}
      {s ? (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("volunteers.console.memberCategory")}>
              {t(`volunteers.enums.memberCategory.${s.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.partyOrg")}>{s.partyOrgName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.total")}>
              <b>{formatPoints(s.total)}</b>
              {s.commendationCandidate ? (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  {t("volunteers.console.candidate")}
                </Tag>
              ) : null}
            </Descriptions.Item>
            {s.cappedHoursPoints > 0 ? (
              <Descriptions.Item label={t("volunteers.console.capped")}>{formatPoints(s.cappedHoursPoints)}</Descriptions.Item>
            ) : null}
          </Descriptions>
          {s.lines.length ? (
            <Collapse
              items={s.lines.map((l) => ({
                key: l.source,
                label: (
                  <Flex justify="space-between">
                    <span>
                      {t(`volunteers.enums.pointSource.${l.source}`)} × {formatPoints(l.quantity)}
                    </span>
                    <b>{formatPoints(l.points)}</b>
                  </Flex>
                ),
                children: (
                  <Table
                    size="small"
                    rowKey={(d) => `${d.date}-${d.title}-${d.points}`}
                    pagination={false}
                    dataSource={l.details}
                    columns={[
                      { key: "date", title: t("volunteers.console.date"), render: (_, d) => d.date.slice(0, 10), width: 110 },
                      { key: "title", title: t("volunteers.console.item"), dataIndex: "title" },
                      { key: "points", title: t("volunteers.console.points"), render: (_, d) => formatPoints(d.points), width: 80 },
                    ]}
                  />
                ),
              }))}
            />
          ) : (
            <Empty description={t("volunteers.m.noPoints")} />
          )}
        </>
      ) : null}
    </Drawer>
  );
}

function ItemsCard({ partyOrgId, onOpen }: { partyOrgId: string; onOpen: (personId: string) => void }) {
  const { t } = useTranslation();
  const query = usePointItems({ partyOrgId, status: "pending", pageSize: 100 });
  const decide = useVPost([vKeys.points]);
  const [deciding, setDeciding] = useState<PointItem | null>(null);
  const columns: TableColumnsType<PointItem> = [
    {
      key: "name",
      title: t("volunteers.console.member"),
      render: (_, i) => <Typography.Link onClick={() => onOpen(i.personId)}>{i.personName}</Typography.Link>,
      width: 100,
    },
    {
      key: "kind",
      title: t("volunteers.console.itemKind"),
      render: (_, i) => <EnumTag group="manualItemKind" value={i.kind} />,
      width: 130,
    },
    { key: "title", title: t("volunteers.console.item"), dataIndex: "title", ellipsis: true },
    { key: "on", title: t("volunteers.console.date"), dataIndex: "occurredOn", width: 110 },
    {
      key: "points",
      title: t("volunteers.console.points"),
      render: (_, i) => (i.points === null ? t("volunteers.console.byRule") : formatPoints(i.points)),
      width: 90,
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 90,
      render: (_, i) =>
        i.abilities.decide ? (
          <Button size="small" type="primary" onClick={() => setDeciding(i)}>
            {t("volunteers.console.review")}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={t("volunteers.console.itemsTitle")}>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<PointItem>
          size="small"
          rowKey="id"
          loading={query.isFetching}
          pagination={false}
          dataSource={query.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t("volunteers.console.noItems") }}
          scroll={{ x: 650 }}
        />
      )}
      <DecideModal
        open={!!deciding}
        title={t("volunteers.console.itemReview")}
        yesLabel={t("volunteers.console.approve")}
        noLabel={t("volunteers.console.decline")}
        onDecide={(approve, reason) =>
          decide.mutateAsync({ path: `/api/v1/points/items/${deciding?.id}/decide`, body: { approve, reason } })
        }
        onClose={() => setDeciding(null)}
        testId="item-review"
      >
        {deciding ? (
          <Typography.Paragraph>
            {deciding.personName} · {deciding.title} · {deciding.occurredOn}
          </Typography.Paragraph>
        ) : null}
      </DecideModal>
    </Card>
  );
}

function CandidatesCard({ partyOrgId, year, onOpen }: { partyOrgId: string; year: number; onOpen: (personId: string) => void }) {
  const { t } = useTranslation();
  const query = useCandidates(partyOrgId, year);
  return (
    <Card title={t("volunteers.console.candidatesTitle", { year })} data-testid="candidates-card">
      <Typography.Paragraph type="secondary">{t("volunteers.console.candidatesText")}</Typography.Paragraph>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="personId"
          loading={query.isFetching}
          pagination={false}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText: t("volunteers.console.noCandidates") }}
          columns={[
            {
              key: "name",
              title: t("volunteers.console.member"),
              render: (_, c) => <Typography.Link onClick={() => onOpen(c.personId)}>{c.name}</Typography.Link>,
            },
            {
              key: "category",
              title: t("volunteers.console.memberCategory"),
              render: (_, c) => t(`volunteers.enums.memberCategory.${c.category}`),
              width: 120,
            },
            { key: "total", title: t("volunteers.console.total"), render: (_, c) => formatPoints(c.total), width: 90 },
            { key: "threshold", title: t("volunteers.console.threshold"), dataIndex: "threshold", width: 90 },
          ]}
        />
      )}
    </Card>
  );
}

/** 党员积分: pick a branch; its rules, the items awaiting approval and the candidates for commendation. */
export function PointsPage() {
  const { t } = useTranslation();
  const list = useListParams<{ org: string; year: string }>(["org", "year"]);
  const current = thisYear();
  const year = Number(list.filters.year) || current;
  const org = list.filters.org ?? null;
  const [person, setPerson] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title={t("volunteers.console.pointsTitle")}
        description={t("volunteers.console.pointsText")}
        extra={
          <>
            <PartyOrgPicker
              value={org}
              onChange={(v) => list.filter({ org: v ?? undefined })}
              placeholder={t("volunteers.console.pickBranch")}
              style={{ width: 280 }}
              testId="points-org"
            />
            <Select
              value={year}
              onChange={(v) => list.filter({ year: v === current ? undefined : String(v) })}
              options={[current, current - 1, current - 2].map((y) => ({ value: y, label: t("volunteers.m.year", { year: y }) }))}
              style={{ width: 110 }}
            />
          </>
        }
      />
      {org ? (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <RulesCard partyOrgId={org} />
          </Col>
          <Col xs={24} xl={12}>
            <CandidatesCard partyOrgId={org} year={year} onOpen={setPerson} />
          </Col>
          <Col xs={24} xl={12}>
            <ItemsCard partyOrgId={org} onOpen={setPerson} />
          </Col>
        </Row>
      ) : (
        <Card>
          <Empty description={t("volunteers.console.pickBranchText")} />
        </Card>
      )}
      <StatementDrawer personId={person} year={year} onClose={() => setPerson(null)} />
    </>
  );
}
