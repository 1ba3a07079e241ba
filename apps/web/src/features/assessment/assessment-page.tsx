// 动态考核: response, resolution, satisfaction, on-time closure and rework rates with the weighted score, per grid,
// community, street, department or unit of the actor's scope over a period; every figure opens the cases behind it.
import { ApartmentOutlined } from "@ant-design/icons";
import {
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Flex,
  Grid,
  Input,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useSearchUpdate } from "../../app/search-params";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { levelOfCode, pathFrom } from "../../shared/area-code";
import { AREA_CODE_PATTERN, can } from "../../shared/domain";
import { currentLanguage } from "../../shared/i18n";
import { useMe } from "../../shared/query";
import type { Me } from "../../shared/types";
import { useArea } from "../areas/api";
import { AreaSelect } from "../areas/area-select";
import {
  ASSESSMENT_LEVELS,
  ASSESSMENT_METRICS,
  type AssessmentLevel,
  type AssessmentMetric,
  type AssessmentRow,
  METRIC_FIGURES,
  rateOf,
  useAssessment,
} from "./api";
import { CasesDrawer, type Drill } from "./cases-drawer";
import { DAY_FORMAT, isDay, PRESETS, type PresetKey, presetMonth, presetOf, presetPeriod } from "./period";
import { RulesHelp } from "./rules-help";
import { WeightsBar, WeightsText } from "./weights";

const ROWS_PAGE_SIZE = 20;

/** The levels of rows an actor may ask for under an area, and the one shown first. */
function levelsFor(me: Me, areaCode: string | undefined): { levels: AssessmentLevel[]; initial: AssessmentLevel } {
  if (!areaCode) {
    const own: AssessmentLevel = me.scope.kind === "unit" ? "unit" : "department";
    return { levels: [own], initial: own };
  }
  const areaLevel = levelOfCode(areaCode);
  if (areaLevel === "province" || areaLevel === "city" || areaLevel === "district")
    return { levels: [...ASSESSMENT_LEVELS], initial: "street" };
  if (areaLevel === "street") return { levels: ["street", "community", "grid", "department", "unit"], initial: "community" };
  if (areaLevel === "community") return { levels: ["community", "grid", "department", "unit"], initial: "grid" };
  return { levels: ["grid", "unit"], initial: "grid" };
}

/** The level one drills into from a row: a street's communities, a community's grids. */
const CHILD_LEVEL: Partial<Record<AssessmentLevel, AssessmentLevel>> = { street: "community", community: "grid" };

const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

function monthLabel(date: Date): string {
  return new Intl.DateTimeFormat(currentLanguage(), { year: "numeric", month: "long" }).format(date);
}

/** One figure: the rate over its numerator / denominator, each clickable to the cases behind it. */
function RateCell({ row, metric, onDrill }: { row: AssessmentRow; metric: AssessmentMetric; onDrill: (numerator: boolean) => void }) {
  const { t } = useTranslation();
  const f = METRIC_FIGURES[metric];
  const num = f.numerator(row);
  const den = f.denominator(row);
  const rate = rateOf(row, metric);
  if (den === 0) return <Typography.Text type="secondary">{t("assessment.none")}</Typography.Text>;
  return (
    <div style={{ whiteSpace: "nowrap" }}>
      <Typography.Link strong onClick={() => onDrill(true)} data-testid={`rate-${metric}`}>
        {percent(rate)}
      </Typography.Link>
      <div style={{ fontSize: 12 }}>
        <Tooltip title={t(`assessment.parts.${metric}.numerator`, { count: num })}>
          <Typography.Link type="secondary" onClick={() => onDrill(true)} data-testid={`numerator-${metric}`}>
            {num}
          </Typography.Link>
        </Tooltip>
        <Typography.Text type="secondary"> / </Typography.Text>
        <Tooltip title={t(`assessment.parts.${metric}.denominator`, { count: den })}>
          <Typography.Link type="secondary" onClick={() => onDrill(false)} data-testid={`denominator-${metric}`}>
            {den}
          </Typography.Link>
        </Tooltip>
      </div>
    </div>
  );
}

function AreaCrumb({ code }: { code: string }) {
  const area = useArea(code);
  return <>{area.data?.name ?? code}</>;
}

/** Nulls go last whichever way a column is sorted. */
function compareNullable(a: number | null, b: number | null, order: "ascend" | "descend" | null | undefined): number {
  if (a === null && b === null) return 0;
  if (a === null) return order === "ascend" ? 1 : -1;
  if (b === null) return order === "ascend" ? -1 : 1;
  return a - b;
}

function Totals({ rows }: { rows: readonly AssessmentRow[] }) {
  const { t } = useTranslation();
  const sum = (pick: (r: AssessmentRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return (
    <Table.Summary fixed="bottom">
      <Table.Summary.Row style={{ background: "#fafafa" }}>
        <Table.Summary.Cell index={0}>
          <Typography.Text strong>{t("assessment.total")}</Typography.Text>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={1}>
          <Typography.Text type="secondary">—</Typography.Text>
        </Table.Summary.Cell>
        {ASSESSMENT_METRICS.map((m, i) => {
          const num = sum(METRIC_FIGURES[m].numerator);
          const den = sum(METRIC_FIGURES[m].denominator);
          return (
            <Table.Summary.Cell key={m} index={i + 2}>
              <Typography.Text strong>{den ? percent(num / den) : "—"}</Typography.Text>
              <div style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {num} / {den}
                </Typography.Text>
              </div>
            </Table.Summary.Cell>
          );
        })}
      </Table.Summary.Row>
    </Table.Summary>
  );
}

export function AssessmentPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const screens = Grid.useBreakpoint();
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const [drill, setDrill] = useState<Drill | null>(null);
  const [rowsPage, setRowsPage] = useState(1);

  const scopeArea = me.scope.kind === "area" && me.scope.areaCode ? me.scope.areaCode : undefined;
  const asked = params.get("areaCode");
  const areaCode = scopeArea && asked && AREA_CODE_PATTERN.test(asked) ? asked : scopeArea;
  const { levels, initial } = levelsFor(me, areaCode);
  const askedLevel = params.get("level") as AssessmentLevel | null;
  const level = askedLevel && levels.includes(askedLevel) ? askedLevel : initial;
  const from = params.get("from");
  const to = params.get("to");
  const period = isDay(from) && isDay(to) && from <= to ? { from, to } : presetPeriod("month:0");
  const preset = presetOf(period);
  const search = params.get("q")?.trim() ?? "";

  const query = useAssessment({ level, areaCode, from: period.from, to: period.to });
  const area = useArea(areaCode);
  const rows = useMemo(() => {
    const items = query.data?.items ?? [];
    return search ? items.filter((r) => r.name.includes(search)) : items;
  }, [query.data, search]);

  /** Changes the parameters, back to the first page of rows. */
  const go = (changes: Record<string, string | undefined>) => {
    setRowsPage(1);
    update(changes);
  };
  const goArea = (code: string | undefined) =>
    go({ areaCode: code && code !== scopeArea ? code : undefined, level: undefined, q: undefined });
  const drillInto = (row: AssessmentRow) => {
    const child = CHILD_LEVEL[row.level];
    if (child) go({ areaCode: row.key, level: child, q: undefined });
  };

  const metricColumns: TableColumnsType<AssessmentRow> = ASSESSMENT_METRICS.map((m) => ({
    key: m,
    title: (
      <Tooltip title={t(`assessment.rules.formulas.${m}`)}>
        <span>{t(`assessment.metrics.${m}`)}</span>
      </Tooltip>
    ),
    width: 118,
    sorter: (a, b, order) => compareNullable(rateOf(a, m), rateOf(b, m), order),
    render: (_, row) => <RateCell row={row} metric={m} onDrill={(numerator) => setDrill({ row, metric: m, numerator, page: 1 })} />,
  }));

  const columns: TableColumnsType<AssessmentRow> = [
    {
      key: "name",
      title: t(`assessment.levels.${level}`),
      fixed: "left",
      width: screens.md ? 200 : 128,
      sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
      render: (_, row) => {
        const child = CHILD_LEVEL[row.level];
        return (
          <div style={{ minWidth: 0 }}>
            <Typography.Text strong style={{ wordBreak: "break-all" }}>
              {row.name}
            </Typography.Text>
            {child ? (
              <div>
                <Button
                  type="link"
                  size="small"
                  icon={<ApartmentOutlined />}
                  style={{ padding: 0, height: "auto" }}
                  onClick={() => drillInto(row)}
                  data-testid="assessment-drill-area"
                >
                  {t(`assessment.drillInto.${child}`)}
                </Button>
              </div>
            ) : null}
          </div>
        );
      },
    },
    {
      key: "score",
      title: (
        <Tooltip title={t("assessment.rules.score")}>
          <span>{t("assessment.score")}</span>
        </Tooltip>
      ),
      width: 96,
      defaultSortOrder: "descend",
      sorter: (a, b, order) => compareNullable(a.score, b.score, order),
      render: (_, row) => (
        <Tooltip title={<WeightsText weights={row.weights} />}>
          <Typography.Text strong style={{ fontSize: 16, color: row.score === null ? undefined : "#c8161d" }} data-testid="score">
            {row.score === null ? "—" : row.score.toFixed(2)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    ...metricColumns,
  ];

  const chain = scopeArea && areaCode ? pathFrom(scopeArea, areaCode) : [];
  const presetLabel = (p: PresetKey) => {
    const month = presetMonth(p);
    if (!month) return t("assessment.period.days", { count: Number(p.split(":")[1]) });
    return p === "month:0" ? t("assessment.period.thisMonth", { month: monthLabel(month) }) : monthLabel(month);
  };

  return (
    <>
      <PageHeader title={t("assessment.title")} description={t("assessment.description")} extra={<RulesHelp />} testId="page-title" />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: screens.md ? 16 : 12 } }}>
        <Flex vertical gap={12}>
          {chain.length ? (
            <Breadcrumb
              data-testid="assessment-breadcrumb"
              items={chain.map((code, i) => ({
                key: code,
                title:
                  i === chain.length - 1 ? (
                    <AreaCrumb code={code} />
                  ) : (
                    <Typography.Link onClick={() => goArea(code)}>
                      <AreaCrumb code={code} />
                    </Typography.Link>
                  ),
              }))}
            />
          ) : null}
          <Flex gap={12} wrap align="center">
            {levels.length > 1 ? (
              screens.md ? (
                <Segmented<AssessmentLevel>
                  value={level}
                  onChange={(v) => go({ level: v, q: undefined })}
                  options={levels.map((l) => ({ value: l, label: t(`assessment.levels.${l}`) }))}
                  data-testid="assessment-level"
                />
              ) : (
                <Select<AssessmentLevel>
                  value={level}
                  onChange={(v) => go({ level: v, q: undefined })}
                  options={levels.map((l) => ({ value: l, label: t(`assessment.levels.${l}`) }))}
                  style={{ width: "100%" }}
                  data-testid="assessment-level"
                />
              )
            ) : null}
            {scopeArea ? (
              <AreaSelect
                value={areaCode}
                onChange={goArea}
                allowClear={areaCode !== scopeArea}
                placeholder={t("assessment.area")}
                style={{ width: screens.md ? 240 : "100%" }}
                testId="assessment-area"
              />
            ) : null}
          </Flex>
          <Flex gap={12} wrap align="center">
            <Select<PresetKey | "custom">
              value={preset ?? "custom"}
              onChange={(v) => {
                if (v === "custom") return;
                const p = presetPeriod(v);
                go(v === "month:0" ? { from: undefined, to: undefined } : { from: p.from, to: p.to });
              }}
              options={[
                ...PRESETS.map((p) => ({ value: p, label: presetLabel(p) })),
                { value: "custom" as const, label: t("assessment.period.custom"), disabled: true },
              ]}
              style={{ width: screens.md ? 220 : "100%" }}
              data-testid="assessment-preset"
            />
            <DatePicker.RangePicker
              value={[dayjs(period.from), dayjs(period.to)]}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), "day")}
              onChange={(v) => {
                if (v?.[0] && v[1]) go({ from: v[0].format(DAY_FORMAT), to: v[1].format(DAY_FORMAT) });
              }}
              style={{ width: screens.md ? 260 : "100%" }}
              data-testid="assessment-range"
            />
            <Input.Search
              key={search}
              defaultValue={search}
              allowClear
              placeholder={t("assessment.search")}
              onSearch={(v) => go({ q: v.trim() || undefined })}
              style={{ width: screens.md ? 200 : "100%" }}
              data-testid="assessment-search"
            />
          </Flex>
          <WeightsBar
            areaCode={areaCode ?? null}
            areaName={area.data?.name ?? null}
            fallback={query.data?.items[0]?.weights ?? null}
            canManage={can(me, "assessment.manage")}
          />
        </Flex>
      </Card>
      <Card
        styles={{ body: { padding: 0 } }}
        title={
          <Flex gap={8} wrap align="baseline">
            <span>{t("assessment.tableTitle", { level: t(`assessment.levels.${level}`) })}</span>
            {query.data ? (
              <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: "normal" }} data-testid="assessment-period">
                {t("assessment.period.range", { from: query.data.from, to: query.data.to })}
              </Typography.Text>
            ) : null}
          </Flex>
        }
      >
        {query.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          </div>
        ) : (
          <Table<AssessmentRow>
            rowKey="key"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={query.isFetching}
            scroll={{ x: 900 }}
            sticky
            showSorterTooltip={false}
            locale={{ emptyText: <EmptyState description={search ? t("assessment.noMatch") : t("assessment.empty")} /> }}
            pagination={{
              current: rowsPage,
              pageSize: ROWS_PAGE_SIZE,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: setRowsPage,
              showTotal: (total) => t("common.total", { count: total }),
            }}
            summary={level !== "grid" && rows.length > 1 ? () => <Totals rows={rows} /> : undefined}
            data-testid="assessment-table"
          />
        )}
      </Card>
      <CasesDrawer
        drill={drill}
        params={{ level, areaCode, from: query.data?.from ?? period.from, to: query.data?.to ?? period.to }}
        onChange={setDrill}
        onClose={() => setDrill(null)}
      />
    </>
  );
}
