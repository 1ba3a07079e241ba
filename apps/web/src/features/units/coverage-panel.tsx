import { Card, Col, Flex, Row, Skeleton, Table, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../app/ui";
import { formatNumber } from "../../shared/format";
import type { CoverageRow } from "../../shared/types";
import { formatRate } from "../registry/format";
import { useCoverage } from "./api";

const COLORS = { own: "#c8161d", joint: "#fa8c16", none: "#d9d9d9" } as const;
/** The counts of a row: all units, then those with their own, a joint or no party organisation. */
const COUNTS = ["units", "own", "joint", "none"] as const;

/** One kind as a stacked bar: own organisation, joint organisation, none. */
function Bar({ row, label, onClick }: { row: Omit<CoverageRow, "kind">; label: string; onClick?: () => void }) {
  const { t } = useTranslation();
  const part = (n: number) => (row.units ? `${(n / row.units) * 100}%` : "0%");
  return (
    <Flex align="center" gap={8} style={{ cursor: onClick ? "pointer" : undefined }} onClick={onClick}>
      <Typography.Text style={{ width: 92, flex: "none", fontSize: 12 }} ellipsis>
        {label}
      </Typography.Text>
      <Tooltip
        title={`${t("units.coverage.own")} ${row.own} · ${t("units.coverage.joint")} ${row.joint} · ${t("units.coverage.none")} ${row.none}`}
      >
        <div style={{ flex: 1, display: "flex", height: 14, borderRadius: 3, overflow: "hidden", background: "#f5f5f5", minWidth: 60 }}>
          <div style={{ width: part(row.own), background: COLORS.own }} />
          <div style={{ width: part(row.joint), background: COLORS.joint }} />
          <div style={{ width: part(row.none), background: COLORS.none }} />
        </div>
      </Tooltip>
      <Typography.Text strong style={{ width: 52, flex: "none", textAlign: "end", fontSize: 12 }}>
        {formatRate(row.rate)}
      </Typography.Text>
    </Flex>
  );
}

/** 党组织覆盖率 by unit kind in an area: a table and a small stacked bar chart. */
export function CoveragePanel({ areaCode, onKind }: { areaCode?: string; onKind?: (kind: CoverageRow["kind"]) => void }) {
  const { t } = useTranslation();
  const coverage = useCoverage(areaCode);
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t("units.coverage.title")}
          {coverage.data ? <Typography.Text type="secondary">{coverage.data.areaName}</Typography.Text> : null}
        </Flex>
      }
      extra={
        coverage.data ? (
          <Typography.Text>
            {t("units.coverage.overall")}{" "}
            <Typography.Text strong style={{ color: COLORS.own, fontSize: 18 }} data-testid="coverage-total-rate">
              {formatRate(coverage.data.total.rate)}
            </Typography.Text>
          </Typography.Text>
        ) : null
      }
      data-testid="coverage-panel"
    >
      {coverage.isError ? (
        <ErrorState error={coverage.error} onRetry={() => void coverage.refetch()} />
      ) : coverage.isPending ? (
        <Skeleton active />
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={14}>
            <Table<CoverageRow>
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={coverage.data.rows}
              scroll={{ x: 460 }}
              columns={[
                {
                  key: "kind",
                  title: t("units.columns.kind"),
                  dataIndex: "kind",
                  render: (k: CoverageRow["kind"]) =>
                    onKind ? (
                      <Typography.Link onClick={() => onKind(k)}>{t(`registry.unitKinds.${k}`)}</Typography.Link>
                    ) : (
                      t(`registry.unitKinds.${k}`)
                    ),
                },
                ...COUNTS.map((k) => ({
                  key: k,
                  title: t(`units.coverage.${k}`),
                  dataIndex: k,
                  align: "right" as const,
                  render: (n: number) => formatNumber(n),
                })),
                {
                  key: "rate",
                  title: t("units.coverage.rate"),
                  dataIndex: "rate",
                  align: "right",
                  render: (r: number | null) => <Typography.Text strong>{formatRate(r)}</Typography.Text>,
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t("units.coverage.total")}</Typography.Text>
                  </Table.Summary.Cell>
                  {COUNTS.map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align="right">
                      {formatNumber(coverage.data.total[k])}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={COUNTS.length + 1} align="right">
                    <Typography.Text strong>{formatRate(coverage.data.total.rate)}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              data-testid="coverage-table"
            />
          </Col>
          <Col xs={24} xl={10}>
            <Flex vertical gap={10} data-testid="coverage-chart">
              {coverage.data.rows.map((r) => (
                <Bar key={r.kind} row={r} label={t(`registry.unitKinds.${r.kind}`)} onClick={onKind ? () => onKind(r.kind) : undefined} />
              ))}
              <Flex gap={12} wrap style={{ marginTop: 4, fontSize: 12 }}>
                {(["own", "joint", "none"] as const).map((k) => (
                  <Flex key={k} gap={4} align="center">
                    <span style={{ width: 10, height: 10, borderRadius: 2, background: COLORS[k] }} />
                    {t(`units.coverage.${k}`)}
                  </Flex>
                ))}
              </Flex>
            </Flex>
          </Col>
        </Row>
      )}
    </Card>
  );
}
