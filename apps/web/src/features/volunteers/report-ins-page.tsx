// 双报到 in the console: requests to confirm, the reported members and unit party organisations of the communities in
// scope, their yearly commitments and what each has actually done; those who have gone quiet.
import { Button, Form, Input, InputNumber, Radio, Select, Space, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal, useRules } from "../../app/form";
import { CreateButton, ListCard, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import { PartyOrgPicker, PersonPicker } from "../registry/selects";
import { formatHours, REPORT_IN_KINDS, REPORT_IN_STATUSES, type ReportIn, thisYear, useReportIns, useVPost, vKeys } from "./api";
import { DecideModal, EnumTag, SkillsSelect, useEnum } from "./shared";

const STATUS_COLORS: Record<ReportIn["status"], string> = { requested: "gold", confirmed: "green", declined: "red", withdrawn: "default" };
const QUIET = ["30", "60", "90", "180"] as const;

interface ReportInForm {
  kind: "member" | "org";
  communityCode: string;
  personId?: string;
  partyOrgId?: string;
  hours: number;
  tasks?: string;
  skills: string[];
}

function ReportInModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportInForm>();
  const rules = useRules();
  const kind = Form.useWatch("kind", form);
  const post = useVPost<object>([vKeys.reportIns]);
  return (
    <FormModal<ReportInForm>
      open={open}
      title={t("volunteers.console.recordReportIn")}
      form={form}
      save={post}
      onClose={onClose}
      initialValues={{ kind: "member", hours: 20, skills: [] }}
      onFinish={async ({ hours, tasks, skills, ...v }) => {
        await post.mutateAsync({
          path: "/api/v1/report-ins",
          body: {
            ...v,
            year: thisYear(),
            commitment: {
              hours,
              tasks: (tasks ?? "")
                .split(/\n/)
                .map((s) => s.trim())
                .filter(Boolean),
              skills,
            },
          },
        });
        onClose();
      }}
      data-testid="report-in-modal"
    >
      <Form.Item name="kind" label={t("volunteers.console.reportInKind")}>
        <Radio.Group options={useEnum("reportInKind", REPORT_IN_KINDS)} />
      </Form.Item>
      {kind === "org" ? (
        <Form.Item name="partyOrgId" label={t("volunteers.console.partyOrg")} rules={rules.required}>
          <PartyOrgPicker />
        </Form.Item>
      ) : (
        <Form.Item name="personId" label={t("volunteers.console.member")} rules={rules.required}>
          <PersonPicker />
        </Form.Item>
      )}
      <Form.Item name="communityCode" label={t("volunteers.console.reportedTo")} rules={rules.required}>
        <AreaSelect />
      </Form.Item>
      <Form.Item name="hours" label={t("volunteers.fields.commitHours")} rules={rules.required}>
        <InputNumber min={0} max={2000} />
      </Form.Item>
      <Form.Item name="tasks" label={t("volunteers.fields.commitTasks")} extra={t("volunteers.console.onePerLine")}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="skills" label={t("volunteers.fields.commitSkills")}>
        <SkillsSelect />
      </Form.Item>
    </FormModal>
  );
}

/** 双报到: who reported to the communities in scope, whether confirmed, what they committed to and what they did. */
export function ReportInsPage() {
  const { t } = useTranslation();
  const list = useListParams<{ status: string; kind: string; communityCode: string; year: string; quietDays: string; q: string }>([
    "status",
    "kind",
    "communityCode",
    "year",
    "quietDays",
    "q",
  ]);
  const query = useReportIns({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const mayManage = can(useMe().data, "volunteers.manage");
  const [creating, setCreating] = useState(false);
  const [deciding, setDeciding] = useState<ReportIn | null>(null);
  const decide = useVPost([vKeys.reportIns]);
  const year = thisYear();
  const columns: TableColumnsType<ReportIn> = [
    {
      key: "who",
      title: t("volunteers.console.reporter"),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.kind === "org" ? r.partyOrgName : r.personName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.kind === "org"
              ? t("volunteers.enums.reportInKind.org")
              : [r.memberCategory ? t(`volunteers.enums.memberCategory.${r.memberCategory}`) : null, r.workUnitName]
                  .filter(Boolean)
                  .join(" · ")}
          </Typography.Text>
        </Space>
      ),
      width: 200,
    },
    { key: "community", title: t("volunteers.console.reportedTo"), dataIndex: "communityName", width: 150, ellipsis: true },
    { key: "year", title: t("volunteers.console.year"), dataIndex: "year", width: 70 },
    {
      key: "status",
      title: t("common.status"),
      render: (_, r) => <EnumTag group="reportInStatus" value={r.status} color={STATUS_COLORS[r.status]} />,
      width: 90,
    },
    {
      key: "commitment",
      title: t("volunteers.console.commitment"),
      render: (_, r) =>
        r.commitment ? (
          <span title={[...r.commitment.tasks, r.commitment.skills.join("、")].filter(Boolean).join("\n")}>
            {t("volunteers.m.hoursShort", { hours: r.commitment.hours })}
            {r.commitment.tasks.length ? ` · ${t("volunteers.console.tasksCount", { count: r.commitment.tasks.length })}` : ""}
          </span>
        ) : (
          orDash(null)
        ),
      width: 140,
    },
    {
      key: "done",
      title: t("volunteers.console.done"),
      render: (_, r) => (
        <Typography.Text style={{ fontSize: 13 }}>
          {t("volunteers.console.doneText", {
            hours: formatHours(r.activity.verifiedHours),
            activities: r.activity.activitiesAttended,
            wishes: r.activity.wishesFulfilled,
            contacts: r.activity.contacts,
          })}
        </Typography.Text>
      ),
      width: 260,
    },
    {
      key: "last",
      title: t("volunteers.console.lastActive"),
      render: (_, r) =>
        r.activity.lastActiveAt ? (
          formatDateTime(r.activity.lastActiveAt)
        ) : r.status === "confirmed" ? (
          <Tag color="orange">{t("volunteers.console.nothingYet")}</Tag>
        ) : (
          orDash(null)
        ),
      width: 150,
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 90,
      render: (_, r) =>
        r.abilities.decide ? (
          <Button size="small" type="primary" onClick={() => setDeciding(r)} data-testid="report-in-decide">
            {t("volunteers.console.review")}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <PageHeader
        title={t("volunteers.console.reportInsTitle")}
        description={t("volunteers.console.reportInsText")}
        extra={
          mayManage ? (
            <CreateButton onClick={() => setCreating(true)} testId="report-in-create">
              {t("volunteers.console.recordReportIn")}
            </CreateButton>
          ) : null
        }
      />
      <ListCard
        filters={
          <>
            <SearchInput
              value={list.filters.q}
              onChange={(q) => list.filter({ q })}
              placeholder={t("volunteers.console.searchReporter")}
              width={180}
              testId="report-in-search"
            />
            <Select
              allowClear
              value={list.filters.status}
              onChange={(v) => list.filter({ status: v })}
              options={useEnum("reportInStatus", REPORT_IN_STATUSES)}
              placeholder={t("common.status")}
              style={{ width: 110 }}
            />
            <Select
              allowClear
              value={list.filters.kind}
              onChange={(v) => list.filter({ kind: v })}
              options={useEnum("reportInKind", REPORT_IN_KINDS)}
              placeholder={t("volunteers.console.reportInKind")}
              style={{ width: 130 }}
            />
            <Select
              allowClear
              value={list.filters.year}
              onChange={(v) => list.filter({ year: v })}
              options={[year, year - 1, year - 2].map((y) => ({ value: String(y), label: t("volunteers.m.year", { year: y }) }))}
              placeholder={t("volunteers.console.year")}
              style={{ width: 110 }}
            />
            <Select
              allowClear
              value={list.filters.quietDays}
              onChange={(v) => list.filter({ quietDays: v })}
              options={QUIET.map((d) => ({ value: d, label: t("volunteers.console.quietFor", { count: Number(d) }) }))}
              placeholder={t("volunteers.console.quiet")}
              style={{ width: 160 }}
              data-testid="report-in-quiet"
            />
            <AreaSelect
              value={list.filters.communityCode}
              onChange={(v) => list.filter({ communityCode: v ?? undefined })}
              placeholder={t("volunteers.console.reportedTo")}
              style={{ width: 200 }}
            />
          </>
        }
      >
        <QueryTable<ReportIn>
          query={query}
          columns={columns}
          pagination={list.pagination}
          empty={t(list.filtered ? "volunteers.console.noMatch" : "volunteers.console.noReportIns")}
          scroll={{ x: 1250 }}
          data-testid="report-ins-table"
        />
      </ListCard>
      <ReportInModal open={creating} onClose={() => setCreating(false)} />
      <DecideModal
        open={!!deciding}
        title={t("volunteers.console.reportInReview")}
        yesLabel={t("volunteers.console.confirmReportIn")}
        noLabel={t("volunteers.console.decline")}
        onDecide={(confirm, reason) => decide.mutateAsync({ path: `/api/v1/report-ins/${deciding?.id}/decide`, body: { confirm, reason } })}
        onClose={() => setDeciding(null)}
        testId="report-in-review"
      >
        {deciding ? (
          <Typography.Paragraph>
            {t("volunteers.console.reportInAsk", {
              who: deciding.kind === "org" ? deciding.partyOrgName : deciding.personName,
              community: deciding.communityName,
              year: deciding.year,
            })}
          </Typography.Paragraph>
        ) : null}
      </DecideModal>
    </>
  );
}
