// 工作日历: public holidays and make-up working days (调休) by year, and the working hours of areas. Deadlines in
// working days and working hours are computed on them.
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Badge,
  Button,
  Calendar,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Grid,
  Input,
  Popconfirm,
  Radio,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
// The calendar's weekday and month names follow the console's Chinese locale.
import "dayjs/locale/zh-cn";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../app/form";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { errorMessage } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import {
  type CalendarDay,
  useCalendarDays,
  useDeleteCalendarDay,
  useDeleteWorkingHours,
  usePutCalendarDay,
  usePutWorkingHours,
  useWorkingHours,
  type WorkingHours,
} from "./api";
import { showServerErrors } from "./field-errors";

const DAY = "YYYY-MM-DD";
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const KIND_COLORS: Record<CalendarDay["kind"], string> = { holiday: "red", workday: "blue" };
/** The working windows an area has when neither it nor an area above it sets its own. */
const DEFAULT_WINDOWS = "09:00–12:00、13:30–17:30";

interface DayValues {
  day: Dayjs;
  kind: CalendarDay["kind"];
  name?: string;
}

/** Marks a day as a holiday or a make-up working day, or makes it ordinary again. */
function DayModal({ day, existing, onClose }: { day: Dayjs | "new" | null; existing: CalendarDay | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const put = usePutCalendarDay();
  const remove = useDeleteCalendarDay();
  const fixed = day !== null && day !== "new";
  const submit = async (v: DayValues) => {
    const value = { day: v.day.format(DAY), kind: v.kind, name: v.name?.trim() ?? "" };
    try {
      await put.mutateAsync(value);
    } catch (err) {
      showServerErrors(form, err);
      return;
    }
    message.success(t("settings.calendar.saved", { day: value.day }));
    onClose();
  };
  const clear = async () => {
    if (!existing) return;
    try {
      await remove.mutateAsync(existing.day);
      message.success(t("settings.calendar.cleared", { day: existing.day }));
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const weekend = fixed && [0, 6].includes(day.day());
  return (
    <FormModal<DayValues>
      open={day !== null}
      title={fixed ? t("settings.calendar.dayTitle", { day: day.format(DAY) }) : t("settings.calendar.addDay")}
      form={form}
      save={put}
      onClose={onClose}
      onFinish={submit}
      initialValues={
        existing
          ? { day: dayjs(existing.day), kind: existing.kind, name: existing.name }
          : { day: fixed ? day : undefined, kind: weekend ? "workday" : "holiday", name: "" }
      }
      data-testid="calendar-day-modal"
    >
      <Form.Item name="day" label={t("settings.calendar.day")} rules={[{ required: true, message: t("validation.required") }]}>
        <DatePicker disabled={fixed} style={{ width: "100%" }} data-testid="calendar-day-date" />
      </Form.Item>
      <Form.Item name="kind" label={t("settings.calendar.kind")} rules={[{ required: true, message: t("validation.required") }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(["holiday", "workday"] as const).map((k) => ({ value: k, label: t(`settings.calendar.kinds.${k}`) }))}
          data-testid="calendar-day-kind"
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t("settings.calendar.name")}
        extra={t("settings.calendar.nameHelp")}
        rules={[{ max: 40, message: t("validation.max", { max: 40 }) }]}
      >
        <Input maxLength={40} placeholder={t("settings.calendar.namePlaceholder")} data-testid="calendar-day-name" />
      </Form.Item>
      {existing ? (
        <Popconfirm
          title={t("settings.calendar.clearConfirm")}
          okText={t("common.confirm")}
          cancelText={t("common.cancel")}
          onConfirm={() => clear()}
        >
          <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="calendar-day-clear">
            {t("settings.calendar.clear")}
          </Button>
        </Popconfirm>
      ) : null}
    </FormModal>
  );
}

interface HoursValues {
  areaCode: string;
  windows: { start: string; end: string }[];
}

const minutes = (clock: string) => {
  const [h, m] = clock.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function HoursModal({ target, onClose }: { target: WorkingHours | "new" | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<HoursValues>();
  const put = usePutWorkingHours();
  const editing = target && target !== "new" ? target : null;
  const submit = async (v: HoursValues) => {
    const windows = v.windows.map((w) => ({ start: w.start.trim(), end: w.end.trim() }));
    try {
      await put.mutateAsync({ areaCode: v.areaCode, windows });
    } catch (err) {
      showServerErrors(form, err);
      return;
    }
    message.success(t("settings.hours.saved"));
    onClose();
  };
  const clockRules = [
    { required: true, message: t("validation.required") },
    { pattern: CLOCK, message: t("settings.hours.clockRule") },
  ];
  return (
    <FormModal<HoursValues>
      open={target !== null}
      title={editing ? t("settings.hours.editTitle", { name: editing.areaName ?? editing.areaCode }) : t("settings.hours.create")}
      form={form}
      save={put}
      onClose={onClose}
      onFinish={submit}
      initialValues={
        editing
          ? { areaCode: editing.areaCode, windows: editing.windows }
          : {
              windows: [
                { start: "09:00", end: "12:00" },
                { start: "13:30", end: "17:30" },
              ],
            }
      }
      data-testid="hours-modal"
    >
      <Form.Item
        name="areaCode"
        label={t("settings.hours.area")}
        rules={[{ required: true, message: t("validation.required") }]}
        extra={t("settings.hours.areaHelp")}
      >
        {editing ? <Input disabled value={editing.areaName ?? editing.areaCode} /> : <AreaSelect allowClear={false} testId="hours-area" />}
      </Form.Item>
      <Form.List
        name="windows"
        rules={[
          {
            validator: async (_, ws?: { start?: string; end?: string }[]) => {
              if (!ws?.length) throw new Error(t("settings.hours.windowsRequired"));
              let last = -1;
              for (const w of ws) {
                if (!w?.start || !w?.end || !CLOCK.test(w.start) || !CLOCK.test(w.end)) return;
                if (minutes(w.end) <= minutes(w.start) || minutes(w.start) < last) throw new Error(t("settings.hours.order"));
                last = minutes(w.end);
              }
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            <Typography.Text strong>{t("settings.hours.windows")}</Typography.Text>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} align="start" style={{ marginTop: 8 }}>
                <Form.Item name={[f.name, "start"]} rules={clockRules} style={{ marginBottom: 0, width: 110 }}>
                  <Input placeholder="09:00" aria-label={t("settings.hours.start")} inputMode="numeric" data-testid={`hours-start-${i}`} />
                </Form.Item>
                <span style={{ lineHeight: "32px" }}>–</span>
                <Form.Item name={[f.name, "end"]} rules={clockRules} style={{ marginBottom: 0, width: 110 }}>
                  <Input placeholder="12:00" aria-label={t("settings.hours.end")} inputMode="numeric" data-testid={`hours-end-${i}`} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(f.name)}
                  aria-label={t("common.remove")}
                  disabled={fields.length <= 1}
                />
              </Flex>
            ))}
            {errors.length ? <Typography.Text type="danger">{errors}</Typography.Text> : null}
            <Button
              type="dashed"
              size="small"
              icon={<PlusOutlined />}
              disabled={fields.length >= 6}
              onClick={() => add({ start: "", end: "" })}
              style={{ marginTop: 8 }}
            >
              {t("settings.hours.addWindow")}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

function WorkingHoursCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const hours = useWorkingHours();
  const remove = useDeleteWorkingHours();
  const [target, setTarget] = useState<WorkingHours | "new" | null>(null);
  const columns: TableColumnsType<WorkingHours> = [
    { key: "area", title: t("settings.hours.area"), render: (_, h) => h.areaName ?? h.areaCode },
    {
      key: "windows",
      title: t("settings.hours.windows"),
      render: (_, h) => (
        <Space size={4} wrap>
          {h.windows.map((w) => (
            <Tag key={`${w.start}-${w.end}`}>{`${w.start}–${w.end}`}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 130,
      render: (_, h) => (
        <Space size={12}>
          <Typography.Link onClick={() => setTarget(h)}>{t("common.edit")}</Typography.Link>
          <Popconfirm
            title={t("settings.hours.deleteConfirm")}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
            onConfirm={() =>
              remove.mutateAsync(h.areaCode).then(
                () => void message.success(t("settings.hours.deleted")),
                (err: unknown) => void message.error(errorMessage(err)),
              )
            }
          >
            <Typography.Link type="danger">{t("settings.remove")}</Typography.Link>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t("settings.hours.title")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setTarget("new")} data-testid="hours-create">
          {t("settings.hours.create")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("settings.hours.help", { windows: DEFAULT_WINDOWS })}</Typography.Paragraph>
      {hours.isError ? (
        <ErrorState error={hours.error} onRetry={() => void hours.refetch()} />
      ) : (
        <Table<WorkingHours>
          size="small"
          rowKey="areaCode"
          columns={columns}
          dataSource={hours.data ?? []}
          loading={hours.isFetching}
          pagination={false}
          locale={{ emptyText: <EmptyState description={t("settings.hours.empty")} /> }}
          data-testid="hours-table"
        />
      )}
      <HoursModal
        key={target === null ? "closed" : target === "new" ? "new" : target.areaCode}
        target={target}
        onClose={() => setTarget(null)}
      />
    </Card>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // The day the calendar shows (its month), and selects.
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const year = month.year();
  const days = useCalendarDays(year);
  const [open, setOpen] = useState<Dayjs | "new" | null>(null);
  const byDay = useMemo(() => new Map((days.data ?? []).map((d) => [d.day, d])), [days.data]);
  const existing = open === null ? undefined : open === "new" ? undefined : byDay.get(open.format(DAY));
  const counts = {
    holiday: (days.data ?? []).filter((d) => d.kind === "holiday").length,
    workday: (days.data ?? []).filter((d) => d.kind === "workday").length,
  };

  const columns: TableColumnsType<CalendarDay> = [
    {
      key: "day",
      title: t("settings.calendar.day"),
      width: 130,
      render: (_, d) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {d.day} <Typography.Text type="secondary">{t(`settings.calendar.weekdays.${dayjs(d.day).day()}`)}</Typography.Text>
        </span>
      ),
    },
    {
      key: "kind",
      title: t("settings.calendar.kind"),
      width: 100,
      render: (_, d) => <Tag color={KIND_COLORS[d.kind]}>{t(`settings.calendar.kinds.${d.kind}`)}</Tag>,
    },
    { key: "name", title: t("settings.calendar.name"), render: (_, d) => d.name || "—" },
    {
      key: "actions",
      title: t("common.actions"),
      width: 70,
      render: (_, d) => (
        <Typography.Link
          onClick={() => {
            setMonth(dayjs(d.day));
            setOpen(dayjs(d.day));
          }}
        >
          {t("common.edit")}
        </Typography.Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("settings.calendar.title")}
        description={t("settings.calendar.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen("new")} data-testid="calendar-add">
            {t("settings.calendar.addDay")}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        {days.isError ? <ErrorState error={days.error} onRetry={() => void days.refetch()} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Card
              title={
                <Space wrap>
                  <span data-testid="calendar-year">{t("settings.calendar.year", { year })}</span>
                  <Badge color="red" text={t("settings.calendar.holidays", { count: counts.holiday })} />
                  <Badge color="blue" text={t("settings.calendar.workdays", { count: counts.workday })} />
                </Space>
              }
              styles={{ body: { padding: screens.md ? 16 : 8 } }}
            >
              <Calendar
                fullscreen={!!screens.md}
                value={month}
                onPanelChange={(d) => setMonth(d)}
                onSelect={(d, info) => {
                  setMonth(d);
                  if (info.source === "date") setOpen(d);
                }}
                cellRender={(d, info) => {
                  if (info.type !== "date") return info.originNode;
                  const special = byDay.get(d.format(DAY));
                  if (!special) return null;
                  return screens.md ? (
                    <Tag
                      color={KIND_COLORS[special.kind]}
                      style={{ marginInlineEnd: 0, maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis" }}
                    >
                      {t(`settings.calendar.short.${special.kind}`)}
                      {special.name ? ` ${special.name}` : ""}
                    </Tag>
                  ) : (
                    <Badge color={KIND_COLORS[special.kind]} />
                  );
                }}
                data-testid="calendar"
              />
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card title={t("settings.calendar.listTitle", { year })} styles={{ body: { padding: 0 } }}>
              <Table<CalendarDay>
                size="small"
                rowKey="day"
                columns={columns}
                dataSource={days.data ?? []}
                loading={days.isFetching}
                pagination={false}
                scroll={{ y: 520 }}
                locale={{ emptyText: <EmptyState description={t("settings.calendar.empty", { year })} /> }}
                data-testid="calendar-days"
              />
            </Card>
          </Col>
        </Row>
        <Alert type="info" showIcon title={t("settings.calendar.deadlineNote")} />
        <WorkingHoursCard />
      </Flex>
      <DayModal
        key={open === null ? "closed" : open === "new" ? "new" : open.format(DAY)}
        day={open}
        existing={existing}
        onClose={() => setOpen(null)}
      />
    </>
  );
}
