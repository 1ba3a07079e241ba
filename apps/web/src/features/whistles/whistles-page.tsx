import type { Whistle, WhistleTask } from "@gongzhi/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ListCard, ListInset, PAGE_SIZE, useListParams } from "../../app/list";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import type { Page } from "../../shared/types";
import { useDepartments } from "../cases/api";

const STEPS = ["reportIn", "sign", "contact", "result"] as const;

/** One party's four steps: done (green), late (red), or waiting. */
export function StepTags({ task }: { task: WhistleTask }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {STEPS.map((s) => {
        const step = task[s];
        const color = step.late ? "red" : step.at ? "green" : "default";
        return (
          <Tag
            key={s}
            color={color}
            title={step.at ? formatDateTime(step.at) : step.dueAt ? `${t("whistles.due")} ${formatDateTime(step.dueAt)}` : undefined}
          >
            {t(`whistles.steps.${s}`)}
            {step.late ? ` · ${t("whistles.late")}` : ""}
          </Tag>
        );
      })}
    </Space>
  );
}

function EvaluateModal({ task, onClose }: { task: WhistleTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: { score: number; comment?: string }) => api(`/api/v1/whistle-tasks/${task?.id}/evaluate`, { method: "POST", body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["whistles"] });
      onClose();
    },
  });
  return (
    <Modal
      open={!!task}
      title={t("whistles.evaluate")}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => mutation.mutate(v))}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      {mutation.isError ? <Alert type="error" showIcon title={mutation.error.message} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>{task?.partyLabel}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="score" label={t("whistles.score")} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="comment" label={t("whistles.comment")}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 吹哨: whistles in scope, each summoned party's steps and lateness, and their evaluation. */
export function WhistlesPage() {
  const { t } = useTranslation();
  const list = useListParams<{ status: string }>(["status"]);
  const status = list.filters.status ?? "open";
  const query = useQuery({
    queryKey: ["whistles", "list", status, list.page],
    queryFn: ({ signal }) => api<Page<Whistle>>("/api/v1/whistles", { query: { status, page: list.page, pageSize: PAGE_SIZE }, signal }),
  });
  const [evaluating, setEvaluating] = useState<WhistleTask | null>(null);

  const taskColumns = (w: Whistle): TableColumnsType<WhistleTask> => [
    { key: "party", title: t("whistles.party"), dataIndex: "partyLabel" },
    { key: "steps", title: t("whistles.progress"), render: (_, task) => <StepTags task={task} /> },
    {
      key: "score",
      title: t("whistles.score"),
      render: (_, task) =>
        task.score !== null ? (
          <span title={task.comment ?? undefined}>{task.score}</span>
        ) : task.abilities.evaluate || w.abilities.evaluate ? (
          <Button size="small" onClick={() => setEvaluating(task)} disabled={!task.abilities.evaluate} data-testid="whistle-evaluate">
            {t("whistles.evaluate")}
          </Button>
        ) : (
          "—"
        ),
      width: 120,
    },
  ];

  return (
    <>
      <PageHeader title={t("whistles.title")} description={t("whistles.description")} />
      <ListCard
        filters={
          <Select
            value={status}
            onChange={(v) => list.filter({ status: v === "open" ? undefined : v })}
            options={["open", "closed", "all"].map((v) => ({ value: v, label: t(`whistles.statuses.${v}`) }))}
            style={{ width: 140 }}
            data-testid="whistles-status"
          />
        }
      >
        <ListInset>
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : query.isPending ? (
            <Card loading />
          ) : query.data.items.length === 0 ? (
            <EmptyState description={t("whistles.empty")} />
          ) : (
            <Flex vertical gap={16}>
              {query.data.items.map((w) => (
                <Card
                  key={w.id}
                  size="small"
                  data-testid="whistle-card"
                  title={
                    <Space wrap>
                      <Tag color={w.level === "urgent" ? "red" : "orange"}>{t(`whistles.levels.${w.level}`)}</Tag>
                      {w.caseId ? <Link to={`/cases/${w.caseId}`}>{w.title}</Link> : w.title}
                      {w.summary.late ? <Tag color="red">{t("whistles.lateCount", { count: w.summary.late })}</Tag> : null}
                    </Space>
                  }
                  extra={
                    <Typography.Text type="secondary">
                      {w.areaName} · {formatDateTime(w.blownAt)}
                    </Typography.Text>
                  }
                >
                  <Table<WhistleTask> size="small" rowKey="id" pagination={false} columns={taskColumns(w)} dataSource={w.tasks} />
                </Card>
              ))}
            </Flex>
          )}
        </ListInset>
      </ListCard>
      <EvaluateModal task={evaluating} onClose={() => setEvaluating(null)} />
    </>
  );
}

/** 吹哨 on a case: the level and the departments summoned. */
export function BlowWhistleButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ level: string; departmentIds: string[]; description?: string }>();
  const departments = useDepartments();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: object) => api("/api/v1/whistles", { method: "POST", body: { caseId, ...body } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["whistles"] });
      void client.invalidateQueries({ queryKey: ["cases"] });
      setOpen(false);
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="blow-whistle">
        {t("whistles.blow")}
      </Button>
      <Modal
        open={open}
        title={t("whistles.blow")}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => mutation.mutate(v))}
        confirmLoading={mutation.isPending}
        destroyOnHidden
      >
        {mutation.isError ? <Alert type="error" showIcon title={mutation.error.message} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" preserve={false} initialValues={{ level: "ordinary" }}>
          <Form.Item name="level" label={t("whistles.level")} rules={[{ required: true }]}>
            <Select options={["ordinary", "urgent"].map((v) => ({ value: v, label: t(`whistles.levels.${v}`) }))} />
          </Form.Item>
          <Form.Item name="departmentIds" label={t("whistles.departments")} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: "label" }}
              loading={departments.isPending}
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              data-testid="whistle-departments"
            />
          </Form.Item>
          <Form.Item name="description" label={t("whistles.situation")}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
