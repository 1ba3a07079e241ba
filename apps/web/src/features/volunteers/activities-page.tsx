// 志愿活动 in the console: activities and shifts with their sign-ups, confirmation of requests, bulk attendance with the
// actual service time (travel recorded apart, never counted), and verification of the hours.
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
// The date picker's weekday and month names follow the console's Chinese locale.
import "dayjs/locale/zh-cn";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal, useRules } from "../../app/form";
import { CreateButton, ListCard, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { errorMessage, useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import {
  type Activity,
  formatHours,
  SIGNUP_MODES,
  type Signup,
  useActivities,
  useActivity,
  useSignups,
  useTeams,
  useVPost,
  vKeys,
} from "./api";
import { EnumTag, SkillsSelect, useEnum } from "./shared";

const WHEN = ["upcoming", "past", "all"] as const;
type When = (typeof WHEN)[number];

interface ActivityForm {
  title: string;
  description?: string;
  areaCode: string;
  place: string;
  time: [Dayjs, Dayjs];
  capacity: number;
  requiredSkills: string[];
  signupMode: string;
  teamId?: string;
}

function ActivityModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActivityForm>();
  const rules = useRules();
  const post = useVPost<object>([vKeys.activities]);
  const teams = useTeams({ pageSize: 200 }, open);
  return (
    <FormModal<ActivityForm>
      open={open}
      title={t("volunteers.console.createActivity")}
      form={form}
      save={post}
      onClose={onClose}
      width={600}
      initialValues={{ capacity: 20, requiredSkills: [], signupMode: "instant" }}
      onFinish={async ({ time, ...v }) => {
        await post.mutateAsync({
          path: "/api/v1/activities",
          body: { ...v, startsAt: time[0].toISOString(), endsAt: time[1].toISOString() },
        });
        onClose();
      }}
      data-testid="activity-modal"
    >
      <Form.Item name="title" label={t("volunteers.console.activityTitle")} rules={rules.text(100)}>
        <Input maxLength={100} data-testid="activity-title" />
      </Form.Item>
      <Form.Item name="areaCode" label={t("volunteers.fields.community")} rules={rules.required}>
        <AreaSelect testId="activity-area" />
      </Form.Item>
      <Form.Item name="place" label={t("volunteers.fields.place")} rules={rules.text(200)}>
        <Input maxLength={200} data-testid="activity-place" />
      </Form.Item>
      <Form.Item name="time" label={t("volunteers.fields.time")} rules={rules.required}>
        <DatePicker.RangePicker
          showTime={{ format: "HH:mm" }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: "100%" }}
          data-testid="activity-time"
        />
      </Form.Item>
      <Space size={16} wrap>
        <Form.Item name="capacity" label={t("volunteers.fields.capacity")} rules={rules.required}>
          <InputNumber min={1} max={10000} />
        </Form.Item>
        <Form.Item name="signupMode" label={t("volunteers.console.signupMode")}>
          <Radio.Group options={useEnum("signupMode", SIGNUP_MODES)} />
        </Form.Item>
      </Space>
      <Form.Item name="requiredSkills" label={t("volunteers.fields.requiredSkills")}>
        <SkillsSelect />
      </Form.Item>
      <Form.Item name="teamId" label={t("volunteers.fields.team")}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
      </Form.Item>
      <Form.Item name="description" label={t("volunteers.console.description")} rules={rules.max(2000)}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

interface Row {
  attended: boolean;
  serviceMinutes: number;
  travelMinutes: number;
}

/** Sign-ups of an activity: confirm requests; mark attendance with actual service and travel minutes in one go; verify. */
function SignupsPanel({ activity, mayManage }: { activity: Activity; mayManage: boolean }) {
  const { t } = useTranslation();
  const signups = useSignups(activity.id);
  const post = useVPost([vKeys.activities, vKeys.volunteers, vKeys.points, vKeys.reportIns]);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const duration = Math.max(0, Math.round((Date.parse(activity.endsAt) - Date.parse(activity.startsAt)) / 60_000));
  const started = Date.parse(activity.startsAt) <= Date.now();

  useEffect(() => {
    if (!signups.data) return;
    setRows(
      Object.fromEntries(
        signups.data
          .filter((s) => s.status === "confirmed")
          .map((s) => [
            s.id,
            { attended: s.attended ?? true, serviceMinutes: s.serviceMinutes ?? duration, travelMinutes: s.travelMinutes ?? 0 },
          ]),
      ),
    );
  }, [signups.data, duration]);

  const set = (id: string, patch: Partial<Row>) => setRows((prev) => ({ ...prev, [id]: { ...(prev[id] as Row), ...patch } }));
  const editable = mayManage && started && !activity.verified;
  const saveAttendance = () =>
    post.mutate(
      {
        path: `/api/v1/activities/${activity.id}/attendance`,
        body: {
          entries: Object.entries(rows).map(([signupId, r]) => ({
            signupId,
            attended: r.attended,
            serviceMinutes: r.attended ? r.serviceMinutes : 0,
            travelMinutes: r.attended ? r.travelMinutes : 0,
          })),
        },
      },
      { onSuccess: () => setSaved(t("volunteers.console.attendanceSaved")) },
    );

  const columns: TableColumnsType<Signup> = [
    {
      key: "number",
      title: t("volunteers.fields.number"),
      render: (_, s) => <span style={{ fontFamily: "monospace" }}>{s.number}</span>,
      width: 130,
    },
    { key: "name", title: t("volunteers.console.name"), dataIndex: "name", width: 100 },
    {
      key: "status",
      title: t("common.status"),
      render: (_, s) => (
        <EnumTag
          group="signupStatus"
          value={s.status}
          color={s.status === "confirmed" ? "green" : s.status === "requested" ? "gold" : "default"}
        />
      ),
      width: 90,
    },
    {
      key: "attended",
      title: t("volunteers.console.attended"),
      width: 70,
      render: (_, s) => {
        const r = rows[s.id];
        if (!r) return "—";
        return (
          <Checkbox
            checked={r.attended}
            disabled={!editable}
            onChange={(e) => set(s.id, { attended: e.target.checked })}
            data-testid="attended"
          />
        );
      },
    },
    {
      key: "service",
      title: t("volunteers.console.serviceMinutes"),
      width: 120,
      render: (_, s) => {
        const r = rows[s.id];
        if (!r) return "—";
        return (
          <InputNumber
            size="small"
            min={0}
            max={duration}
            value={r.serviceMinutes}
            disabled={!editable || !r.attended}
            onChange={(v) => set(s.id, { serviceMinutes: v ?? 0 })}
            data-testid="service-minutes"
          />
        );
      },
    },
    {
      key: "travel",
      title: t("volunteers.console.travelMinutes"),
      width: 120,
      render: (_, s) => {
        const r = rows[s.id];
        if (!r) return "—";
        return (
          <InputNumber
            size="small"
            min={0}
            max={1440}
            value={r.travelMinutes}
            disabled={!editable || !r.attended}
            onChange={(v) => set(s.id, { travelMinutes: v ?? 0 })}
            data-testid="travel-minutes"
          />
        );
      },
    },
    {
      key: "verified",
      title: t("volunteers.console.verified"),
      width: 80,
      render: (_, s) =>
        s.verified ? (
          <Tag color="green">{t("volunteers.m.verified")}</Tag>
        ) : s.serviceMinutes !== null ? (
          <Tag>{t("volunteers.m.unverified")}</Tag>
        ) : (
          "—"
        ),
    },
    ...(mayManage
      ? [
          {
            key: "decide",
            title: t("common.actions"),
            width: 130,
            render: (_: unknown, s: Signup) =>
              s.status === "requested" ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      post.mutate({ path: `/api/v1/activities/${activity.id}/signups/${s.id}/decide`, body: { confirm: true } })
                    }
                  >
                    {t("volunteers.console.accept")}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      post.mutate({ path: `/api/v1/activities/${activity.id}/signups/${s.id}/decide`, body: { confirm: false } })
                    }
                  >
                    {t("volunteers.console.decline")}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t("volunteers.console.attendanceHelp", { minutes: duration })}</Typography.Paragraph>
      {post.isError ? <Alert type="error" showIcon title={errorMessage(post.error)} style={{ marginBottom: 12 }} /> : null}
      {saved && !post.isError ? (
        <Alert type="success" showIcon title={saved} style={{ marginBottom: 12 }} closable onClose={() => setSaved(null)} />
      ) : null}
      <Table<Signup>
        size="small"
        rowKey="id"
        loading={signups.isFetching}
        pagination={false}
        dataSource={signups.data ?? []}
        columns={columns}
        scroll={{ x: 800 }}
        data-testid="signups-table"
      />
      {mayManage ? (
        <Space style={{ marginTop: 16 }} wrap>
          <Button
            type="primary"
            disabled={!editable || !Object.keys(rows).length}
            loading={post.isPending}
            onClick={saveAttendance}
            data-testid="save-attendance"
          >
            {t("volunteers.console.saveAttendance")}
          </Button>
          <Popconfirm
            title={t("volunteers.console.verifyConfirm")}
            onConfirm={() =>
              post.mutateAsync({ path: `/api/v1/activities/${activity.id}/verify` }).then((r) => {
                const res = r as { verified?: number; verifiedHours?: number } | undefined;
                setSaved(
                  t("volunteers.console.verifiedResult", { count: res?.verified ?? 0, hours: formatHours(res?.verifiedHours ?? 0) }),
                );
              })
            }
          >
            <Button disabled={!started || activity.verified} data-testid="verify-hours">
              {t("volunteers.console.verifyHours")}
            </Button>
          </Popconfirm>
          {!started ? <Typography.Text type="secondary">{t("volunteers.console.notStarted")}</Typography.Text> : null}
          {activity.verified ? <Tag color="green">{t("volunteers.console.hoursVerified")}</Tag> : null}
        </Space>
      ) : null}
    </>
  );
}

function ActivityDrawer({ id, onClose, mayManage }: { id: string | null; onClose: () => void; mayManage: boolean }) {
  const { t } = useTranslation();
  const query = useActivity(id);
  const cancel = useVPost([vKeys.activities]);
  const a = query.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={880}
      title={a?.title}
      destroyOnHidden
      data-testid="activity-drawer"
      extra={
        a && a.abilities.manage && a.status === "open" ? (
          <Popconfirm
            title={t("volunteers.console.cancelConfirm")}
            onConfirm={() => cancel.mutateAsync({ path: `/api/v1/activities/${a.id}/cancel` })}
          >
            <Button danger>{t("volunteers.console.cancelActivity")}</Button>
          </Popconfirm>
        ) : null
      }
    >
      {a ? (
        <>
          {cancel.isError ? <Alert type="error" showIcon title={cancel.error.message} style={{ marginBottom: 12 }} /> : null}
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("volunteers.fields.time")}>
              {formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.place")}>
              {a.areaName} · {a.place}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.capacity")}>
              {t("volunteers.console.takenOf", { taken: a.taken, capacity: a.capacity, requested: a.requested })}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.signupMode")}>
              {t(`volunteers.enums.signupMode.${a.signupMode}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.requiredSkills")}>{a.requiredSkills.join("、") || "—"}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.team")}>{a.teamName ?? "—"}</Descriptions.Item>
          </Descriptions>
          <SignupsPanel activity={a} mayManage={a.abilities.manage && mayManage} />
        </>
      ) : null}
    </Drawer>
  );
}

/** 志愿活动: activities in scope, each with its sign-ups, attendance and hours. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const list = useListParams<{ when: When; q: string; areaCode: string }>(["when", "q", "areaCode"]);
  const when: When = (WHEN as readonly string[]).includes(list.filters.when ?? "") ? (list.filters.when as When) : "upcoming";
  const query = useActivities({ when, q: list.filters.q, areaCode: list.filters.areaCode, page: list.page, pageSize: PAGE_SIZE });
  const mayManage = can(useMe().data, "volunteers.manage");
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Activity> = [
    {
      key: "title",
      title: t("volunteers.console.activityTitle"),
      render: (_, a) => (
        <Typography.Link onClick={() => list.open(a.id)} data-testid="activity-link">
          {a.title}
        </Typography.Link>
      ),
      ellipsis: true,
    },
    { key: "time", title: t("volunteers.fields.time"), render: (_, a) => formatDateTime(a.startsAt), width: 150 },
    { key: "place", title: t("volunteers.fields.place"), render: (_, a) => `${a.areaName} · ${a.place}`, ellipsis: true },
    {
      key: "taken",
      title: t("volunteers.fields.capacity"),
      render: (_, a) => (
        <span>
          {a.taken}/{a.capacity}
          {a.requested ? (
            <Tag color="gold" style={{ marginInlineStart: 6 }}>
              {t("volunteers.console.requests", { count: a.requested })}
            </Tag>
          ) : null}
        </span>
      ),
      width: 130,
    },
    {
      key: "mode",
      title: t("volunteers.console.signupMode"),
      render: (_, a) => t(`volunteers.enums.signupMode.${a.signupMode}`),
      width: 120,
    },
    {
      key: "status",
      title: t("common.status"),
      render: (_, a) =>
        a.status === "cancelled" ? (
          <Tag>{t("volunteers.enums.activityStatus.cancelled")}</Tag>
        ) : a.verified ? (
          <Tag color="green">{t("volunteers.console.hoursVerified")}</Tag>
        ) : Date.parse(a.endsAt) < Date.now() ? (
          <Tag color="orange">{t("volunteers.console.toVerify")}</Tag>
        ) : (
          <Tag color="blue">{t("volunteers.enums.activityStatus.open")}</Tag>
        ),
      width: 110,
    },
  ];
  return (
    <>
      <PageHeader
        title={t("volunteers.console.activitiesTitle")}
        description={t("volunteers.console.activitiesText")}
        extra={
          mayManage ? (
            <CreateButton onClick={() => setCreating(true)} testId="activity-create">
              {t("volunteers.console.createActivity")}
            </CreateButton>
          ) : null
        }
      />
      <ListCard
        filters={
          <>
            <Segmented<When>
              value={when}
              onChange={(v) => list.filter({ when: v === "upcoming" ? undefined : v })}
              options={WHEN.map((v) => ({ value: v, label: t(`volunteers.console.when.${v}`) }))}
            />
            <SearchInput
              value={list.filters.q}
              onChange={(q) => list.filter({ q })}
              placeholder={t("volunteers.console.searchActivity")}
              width={200}
              testId="activity-search"
            />
            <AreaSelect
              value={list.filters.areaCode}
              onChange={(v) => list.filter({ areaCode: v ?? undefined })}
              placeholder={t("volunteers.fields.community")}
              style={{ width: 200 }}
            />
          </>
        }
      >
        <QueryTable<Activity>
          query={query}
          columns={columns}
          pagination={list.pagination}
          empty={t("volunteers.console.noActivities")}
          scroll={{ x: 900 }}
        />
      </ListCard>
      <ActivityModal open={creating} onClose={() => setCreating(false)} />
      <ActivityDrawer id={list.openId} onClose={list.close} mayManage={mayManage} />
    </>
  );
}
