// The cases behind one figure of one row: the metric's numerator or its whole denominator, each linking to its page.
import { Drawer, Flex, Grid, Segmented, Space, type TableColumnsType, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { QueryTable } from "../../app/list";
import { formatDateTime } from "../../shared/format";
import { STATUS_COLORS } from "../cases/api";
import {
  type AssessmentCase,
  type AssessmentMetric,
  type AssessmentParams,
  type AssessmentRow,
  METRIC_FIGURES,
  useAssessmentCases,
} from "./api";

export const DRILL_PAGE_SIZE = 20;

export interface Drill {
  row: AssessmentRow;
  metric: AssessmentMetric;
  numerator: boolean;
  page: number;
}

const RATING_COLORS: Record<string, string> = { satisfied: "green", basically_satisfied: "cyan", unsatisfied: "red" };

function When({ iso, late }: { iso: string | null; late?: boolean }) {
  if (!iso) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Typography.Text type={late ? "danger" : undefined}>{formatDateTime(iso)}</Typography.Text>;
}

const after = (a: string | null, b: string | null) => !!a && !!b && new Date(a).getTime() > new Date(b).getTime();

/** The columns that show why a case counts in a metric. */
function useColumns(metric: AssessmentMetric, narrow: boolean): TableColumnsType<AssessmentCase> {
  const { t } = useTranslation();
  const base: TableColumnsType<AssessmentCase> = [
    {
      key: "case",
      title: t("assessment.cases.case"),
      fixed: "left",
      width: narrow ? 150 : 220,
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/cases/${encodeURIComponent(c.id)}`} data-testid="assessment-case-link">
            {c.title}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.number}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: "status",
      title: t("caseDesk.columns.status"),
      width: 100,
      render: (_, c) => <Tag color={STATUS_COLORS[c.status]}>{t(`caseDesk.statuses.${c.status}`)}</Tag>,
    },
    {
      key: "place",
      title: t("caseDesk.columns.area"),
      width: 160,
      render: (_, c) => [c.areaName, c.gridName].filter(Boolean).join(" · ") || "—",
    },
    { key: "handler", title: t("caseDesk.columns.handler"), width: 140, render: (_, c) => c.handlerLabel ?? "—" },
  ];
  const byMetric: Record<AssessmentMetric, TableColumnsType<AssessmentCase>> = {
    response: [
      { key: "due", title: t("assessment.cases.responseDue"), width: 150, render: (_, c) => <When iso={c.responseDueAt} /> },
      {
        key: "responded",
        title: t("assessment.cases.responded"),
        width: 150,
        render: (_, c) => <When iso={c.respondedAt} late={!c.respondedAt || after(c.respondedAt, c.responseDueAt)} />,
      },
    ],
    on_time: [
      { key: "deadline", title: t("assessment.cases.deadline"), width: 150, render: (_, c) => <When iso={c.deadlineAt} /> },
      {
        key: "resolved",
        title: t("assessment.cases.resolved"),
        width: 150,
        render: (_, c) => <When iso={c.resolvedAt} late={!c.resolvedAt || after(c.resolvedAt, c.deadlineAt)} />,
      },
      { key: "closed", title: t("assessment.cases.closed"), width: 150, render: (_, c) => <When iso={c.closedAt} /> },
      {
        key: "hold",
        title: t("assessment.cases.onHold"),
        width: 90,
        render: (_, c) => (c.onHoldAtDeadline ? <Tag>{t("common.yes")}</Tag> : t("common.no")),
      },
    ],
    resolution: [],
    satisfaction: [],
    rework: [],
  };
  const verdict: TableColumnsType<AssessmentCase> = [
    { key: "resolved", title: t("assessment.cases.resolved"), width: 150, render: (_, c) => <When iso={c.resolvedAt} /> },
    {
      key: "rating",
      title: t("assessment.cases.rating"),
      width: 110,
      render: (_, c) =>
        c.lastRating ? (
          <Tag color={RATING_COLORS[c.lastRating]}>{t(`caseDesk.ratings.${c.lastRating}`)}</Tag>
        ) : (
          <Typography.Text type="secondary">{t("assessment.cases.unrated")}</Typography.Text>
        ),
    },
    {
      key: "reworked",
      title: t("assessment.cases.reworked"),
      width: 90,
      render: (_, c) => (c.reworkedInPeriod ? <Tag color="orange">{t("common.yes")}</Tag> : t("common.no")),
    },
    { key: "closed", title: t("assessment.cases.closed"), width: 150, render: (_, c) => <When iso={c.closedAt} /> },
  ];
  const extra = metric === "response" || metric === "on_time" ? byMetric[metric] : verdict;
  return [...base, ...extra];
}

/** The drawer of the cases behind a figure; `onChange` moves between numerator and denominator and pages. */
export function CasesDrawer({
  drill,
  params,
  onChange,
  onClose,
}: {
  drill: Drill | null;
  params: AssessmentParams;
  onChange: (drill: Drill) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const query = useAssessmentCases(
    drill
      ? {
          ...params,
          key: drill.row.key,
          metric: drill.metric,
          numerator: drill.numerator,
          page: drill.page,
          pageSize: DRILL_PAGE_SIZE,
        }
      : null,
  );
  const columns = useColumns(drill?.metric ?? "response", !screens.md);
  const figures = drill ? METRIC_FIGURES[drill.metric] : null;

  return (
    <Drawer
      open={!!drill}
      onClose={onClose}
      placement="right"
      size={screens.md ? 960 : "100%"}
      destroyOnHidden
      title={drill ? t("assessment.cases.title", { name: drill.row.name, metric: t(`assessment.metrics.${drill.metric}`) }) : ""}
      data-testid="assessment-cases-drawer"
    >
      {drill && figures ? (
        <Flex vertical gap={12}>
          <Space wrap>
            <Segmented
              value={drill.numerator ? "numerator" : "denominator"}
              onChange={(v) => onChange({ ...drill, numerator: v === "numerator", page: 1 })}
              options={[
                {
                  value: "numerator",
                  label: t(`assessment.parts.${drill.metric}.numerator`, { count: figures.numerator(drill.row) }),
                },
                {
                  value: "denominator",
                  label: t(`assessment.parts.${drill.metric}.denominator`, { count: figures.denominator(drill.row) }),
                },
              ]}
              data-testid="assessment-cases-part"
            />
            <Typography.Text type="secondary">
              {t("assessment.cases.period", { from: params.from ?? "", to: params.to ?? "" })}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary">{t(`assessment.rules.formulas.${drill.metric}`)}</Typography.Text>
          <QueryTable<AssessmentCase>
            query={query}
            columns={columns}
            scroll={{ x: 900 }}
            size="small"
            empty={t("assessment.cases.empty")}
            pagination={{
              current: drill.page,
              pageSize: DRILL_PAGE_SIZE,
              showSizeChanger: false,
              onChange: (page) => onChange({ ...drill, page }),
            }}
            data-testid="assessment-cases-table"
          />
        </Flex>
      ) : null}
    </Drawer>
  );
}
