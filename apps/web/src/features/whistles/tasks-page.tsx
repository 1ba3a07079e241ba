import type { WhistleInboxItem } from "@gongzhi/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Modal, Select, Space, type TableColumnsType, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ListCard, PAGE_SIZE, QueryTable, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import type { Page } from "../../shared/types";
import { StepTags } from "./whistles-page";

const ACTIONS = [
  { step: "reportIn", path: "report-in", noteRequired: false },
  { step: "sign", path: "sign", noteRequired: false },
  { step: "contact", path: "contact", noteRequired: false },
  { step: "result", path: "result", noteRequired: true },
] as const;
type Step = (typeof ACTIONS)[number];

/** 部门待办: the tasks summoning the actor's department or unit, with the step each may take now. */
export function WhistleTasksPage() {
  const { t } = useTranslation();
  const list = useListParams<{ status: string }>(["status"]);
  const status = list.filters.status ?? "open";
  const query = useQuery({
    queryKey: ["whistles", "mine", status, list.page],
    queryFn: ({ signal }) =>
      api<Page<WhistleInboxItem>>("/api/v1/whistle-tasks/mine", { query: { status, page: list.page, pageSize: PAGE_SIZE }, signal }),
  });
  const [doing, setDoing] = useState<{ task: WhistleInboxItem; step: Step } | null>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ id, path, note }: { id: string; path: string; note?: string }) =>
      api(`/api/v1/whistle-tasks/${id}/${path}`, { method: "POST", body: { note } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["whistles"] });
      setDoing(null);
    },
  });

  const columns: TableColumnsType<WhistleInboxItem> = [
    {
      key: "whistle",
      title: t("whistles.whistle"),
      render: (_, task) => (
        <Space wrap>
          <Tag color={task.whistle.level === "urgent" ? "red" : "orange"}>{t(`whistles.levels.${task.whistle.level}`)}</Tag>
          {task.whistle.caseId ? <Link to={`/cases/${task.whistle.caseId}`}>{task.whistle.title}</Link> : task.whistle.title}
        </Space>
      ),
    },
    { key: "area", title: t("caseDesk.columns.area"), render: (_, task) => task.whistle.areaName, width: 160 },
    { key: "blown", title: t("whistles.blownAt"), render: (_, task) => formatDateTime(task.whistle.blownAt), width: 160 },
    { key: "steps", title: t("whistles.progress"), render: (_, task) => <StepTags task={task} />, width: 280 },
    {
      key: "actions",
      title: t("whistles.pendingTasks"),
      render: (_, task) => (
        <Space wrap>
          {ACTIONS.filter((a) => task.abilities[a.step]).map((a) => (
            <Button
              key={a.step}
              size="small"
              type="primary"
              onClick={() => {
                mutation.reset();
                setDoing({ task, step: a });
              }}
              data-testid={`task-${a.path}`}
            >
              {t(`whistles.steps.${a.step}`)}
            </Button>
          ))}
        </Space>
      ),
      width: 200,
    },
  ];

  return (
    <>
      <PageHeader title={t("whistles.inbox")} description={t("whistles.inboxText")} />
      <ListCard
        filters={
          <Select
            value={status}
            onChange={(v) => list.filter({ status: v === "open" ? undefined : v })}
            options={["open", "all"].map((v) => ({ value: v, label: t(`whistles.statuses.${v}`) }))}
            style={{ width: 140 }}
          />
        }
      >
        <QueryTable<WhistleInboxItem> query={query} columns={columns} pagination={list.pagination} empty={t("whistles.inboxEmpty")} />
      </ListCard>
      <Modal
        open={!!doing}
        title={doing ? t(`whistles.steps.${doing.step.step}`) : ""}
        onCancel={() => setDoing(null)}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => doing && mutation.mutate({ id: doing.task.id, path: doing.step.path, note: v.note?.trim() || undefined }))
        }
        confirmLoading={mutation.isPending}
        destroyOnHidden
      >
        {mutation.isError ? <Alert type="error" showIcon title={mutation.error.message} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="note" label={t("whistles.note")} rules={[{ required: !!doing?.step.noteRequired, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="task-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
