import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Modal, Select, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { FilterSelect, ListCard, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import {
  CASE_STATUSES,
  type Case,
  type CaseFilters,
  exportUrl,
  HANDLER_KINDS,
  STATUS_COLORS,
  useCasePost,
  useCases,
  useCategoryOptions,
} from "./api";
import { BatchImportButton } from "./batch-import";
import { HandlerFields, handlerBody } from "./handler-fields";
import { StaffIntakeButton } from "./intake-modal";

/** Time left to a deadline, or how long it is overdue, in hours or days. */
export function Countdown({ deadline, overdue, open }: { deadline: string | null; overdue: boolean; open: boolean }) {
  const { t } = useTranslation();
  if (!deadline) return orDash(null);
  if (!open) return <Typography.Text type="secondary">{formatDateTime(deadline)}</Typography.Text>;
  const ms = new Date(deadline).getTime() - Date.now();
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const span = hours >= 48 ? t("caseDesk.days", { count: Math.round(hours / 24) }) : t("caseDesk.hours", { count: hours });
  return (
    <span title={formatDateTime(deadline)}>
      {overdue || ms < 0 ? (
        <Tag color="red">{t("caseDesk.overdueBy", { span })}</Tag>
      ) : (
        <Tag color={hours < 24 ? "orange" : "default"}>{t("caseDesk.left", { span })}</Tag>
      )}
    </span>
  );
}

function BulkAssign({ cases, onDone }: { cases: Case[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [form] = Form.useForm();
  const post = useCasePost();
  const submit = async () => {
    const values = await form.validateFields();
    let ok = 0;
    let failed = 0;
    for (const c of cases) {
      try {
        await post.mutateAsync({ path: `/api/v1/cases/${c.id}/actions/assign`, body: { ...values, handler: handlerBody(values.handler) } });
        ok += 1;
      } catch {
        failed += 1;
      }
    }
    setResult(t("caseDesk.bulkDone", { ok, failed }));
    if (!failed) {
      setOpen(false);
      onDone();
    }
  };
  return (
    <>
      <Button
        type="primary"
        disabled={!cases.length}
        onClick={() => {
          setResult(null);
          setOpen(true);
        }}
        data-testid="bulk-assign"
      >
        {t("caseDesk.bulkAssign")}
        {cases.length ? ` (${cases.length})` : ""}
      </Button>
      <Modal
        open={open}
        title={t("caseDesk.bulkAssign")}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => {})}
        confirmLoading={post.isPending}
        destroyOnHidden
      >
        {result ? <Alert type="warning" showIcon title={result} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{t("caseDesk.selected", { count: cases.length })}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <HandlerFields kinds={HANDLER_KINDS} />
        </Form>
      </Modal>
    </>
  );
}

const OPEN = new Set(["submitted", "assigned", "in_progress", "hold_requested", "on_hold", "resolved"]);

/** 民情工作台: the ledger of cases in scope with filters, countdowns and the Excel export. */
export function CasesPage() {
  const { t } = useTranslation();
  const list = useListParams<CaseFilters>(["status", "overdue", "categoryCode", "areaCode", "q"]);
  const cases = useCases(list.filters, list.page, PAGE_SIZE);
  const categories = useCategoryOptions();
  const [selected, setSelected] = useState<Case[]>([]);
  const me = useMe().data;
  const mayAssign = can(me, "cases.triage");

  const columns: TableColumnsType<Case> = [
    {
      key: "number",
      title: t("caseDesk.columns.number"),
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link">
          <span style={{ fontFamily: "monospace" }}>{c.number}</span>
        </Link>
      ),
      width: 190,
    },
    { key: "title", title: t("caseDesk.columns.title"), dataIndex: "title", ellipsis: true },
    { key: "category", title: t("caseDesk.columns.category"), render: (_, c) => orDash(c.categoryName), width: 130 },
    { key: "area", title: t("caseDesk.columns.area"), render: (_, c) => orDash(c.gridName ?? c.areaName), width: 150 },
    {
      key: "status",
      title: t("caseDesk.columns.status"),
      render: (_, c) => <Tag color={STATUS_COLORS[c.status]}>{t(`caseDesk.statuses.${c.status}`)}</Tag>,
      width: 100,
    },
    { key: "handler", title: t("caseDesk.columns.handler"), render: (_, c) => orDash(c.handlerLabel), width: 160 },
    {
      key: "deadline",
      title: t("caseDesk.columns.deadline"),
      render: (_, c) => <Countdown deadline={c.deadlineAt} overdue={c.overdue} open={OPEN.has(c.status)} />,
      width: 140,
    },
    { key: "created", title: t("caseDesk.columns.createdAt"), render: (_, c) => formatDateTime(c.createdAt), width: 150 },
  ];

  return (
    <>
      <PageHeader
        title={t("caseDesk.title")}
        description={t("caseDesk.description")}
        extra={
          <>
            {can(me, "cases.create") ? <StaffIntakeButton /> : null}
            {can(me, "cases.import") ? <BatchImportButton /> : null}
            {mayAssign ? <BulkAssign cases={selected} onDone={() => setSelected([])} /> : null}
            <Button icon={<DownloadOutlined />} href={exportUrl(list.filters)} data-testid="cases-export">
              {t("caseDesk.export")}
            </Button>
          </>
        }
      />
      <ListCard
        filters={
          <>
            <SearchInput
              value={list.filters.q}
              onChange={(q) => list.filter({ q })}
              placeholder={t("caseDesk.search")}
              width={220}
              testId="cases-search"
            />
            <FilterSelect
              values={CASE_STATUSES}
              labels="caseDesk.statuses"
              {...list.filterProps("status")}
              onChange={(v) => list.filter({ status: v })}
              placeholder={t("caseDesk.columns.status")}
              width={140}
              testId="cases-status"
            />
            <Select
              allowClear
              value={list.filters.overdue}
              onChange={(v) => list.filter({ overdue: v })}
              placeholder={t("caseDesk.overdue")}
              options={[
                { value: "true", label: t("caseDesk.overdueOnly") },
                { value: "false", label: t("caseDesk.notOverdue") },
              ]}
              style={{ width: 130 }}
              data-testid="cases-overdue"
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              value={list.filters.categoryCode}
              onChange={(v) => list.filter({ categoryCode: v })}
              placeholder={t("caseDesk.columns.category")}
              options={categories.data ?? []}
              loading={categories.isPending}
              style={{ width: 180 }}
              data-testid="cases-category"
            />
            <AreaSelect
              value={list.filters.areaCode}
              onChange={(v) => list.filter({ areaCode: v ?? undefined })}
              placeholder={t("caseDesk.columns.area")}
              style={{ width: 200 }}
            />
          </>
        }
      >
        <QueryTable<Case>
          query={cases}
          columns={columns}
          rowSelection={
            mayAssign
              ? {
                  selectedRowKeys: selected.map((c) => c.id),
                  onChange: (_, rows) => setSelected(rows),
                  getCheckboxProps: (c) => ({ disabled: !c.abilities.actions.includes("assign") }),
                }
              : undefined
          }
          pagination={list.pagination}
          empty={list.filtered ? t("caseDesk.noMatch") : t("caseDesk.empty")}
          data-testid="cases-table"
        />
      </ListCard>
    </>
  );
}
