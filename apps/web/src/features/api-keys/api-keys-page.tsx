import { KeyOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Form, Input, Modal, Popconfirm, Select, type TableColumnsType, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useRules } from "../../app/form";
import { CreateButton, ListCard, PAGE_SIZE, QueryTable, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { fieldErrors } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/query";
import type { ApiKey } from "../../shared/types";
import { STATUS_COLORS } from "../cases/api";
import { type ApiKeyRequest, useApiKeyRequests, useApiKeys, useCreateApiKey, useRevokeApiKey } from "./api";

/** Creates a key; the secret is shown once, right after creation, and never again. */
function CreateKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const rules = useRules();
  const create = useCreateApiKey();
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);

  const close = () => {
    setSecret(null);
    create.reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={secret ? t("apiKeys.createdTitle") : t("apiKeys.create")}
      okText={secret ? t("apiKeys.done") : t("common.create")}
      cancelText={t("common.cancel")}
      cancelButtonProps={{ style: secret ? { display: "none" } : undefined }}
      onOk={() => (secret ? close() : form.submit())}
      onCancel={close}
      mask={{ closable: !secret }}
      confirmLoading={create.isPending}
      destroyOnHidden
      data-testid="api-key-modal"
    >
      {secret ? (
        <>
          <Alert type="warning" showIcon title={t("apiKeys.onceWarning")} style={{ marginBottom: 16 }} />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {secret.name}
          </Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: secret.key, tooltips: [t("common.copy"), t("common.copied")] }}
            code
            style={{ wordBreak: "break-all", fontSize: 15 }}
            data-testid="api-key-secret"
          >
            {secret.key}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t("apiKeys.usage")}
          </Typography.Paragraph>
        </>
      ) : (
        <>
          {create.isError ? <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 16 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={async (v) => {
              try {
                const result = await create.mutateAsync(v.name.trim());
                setSecret({ name: result.apiKey.name, key: result.key });
              } catch (err) {
                const fields = fieldErrors(err);
                if (fields.name) form.setFields([{ name: "name", errors: [fields.name] }]);
              }
            }}
          >
            <Form.Item name="name" label={t("apiKeys.columns.name")} extra={t("apiKeys.nameHint")} rules={rules.text(100)}>
              <Input data-testid="api-key-name" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** What the clients sent: their cases, newest first, each linked to its page; one client's when one is chosen. */
function SentRequests({ keys }: { keys: ApiKey[] }) {
  const { t } = useTranslation();
  const list = useListParams<{ keyId: string }>(["keyId"]);
  const requests = useApiKeyRequests({ keyId: list.filters.keyId, page: list.page, pageSize: PAGE_SIZE });
  const columns = useMemo<TableColumnsType<ApiKeyRequest>>(
    () => [
      {
        key: "number",
        title: t("apiKeys.sent.number"),
        dataIndex: "number",
        width: 190,
        render: (n: string, r) => (
          <Link to={`/cases/${r.id}`} data-testid="api-key-case-link">
            {n}
          </Link>
        ),
      },
      { key: "title", title: t("apiKeys.sent.title"), dataIndex: "title", ellipsis: true },
      { key: "client", title: t("apiKeys.sent.client"), dataIndex: "apiKeyName", width: 150 },
      {
        key: "source",
        title: t("apiKeys.sent.source"),
        dataIndex: "source",
        width: 120,
        render: (s: string) => (s === "open311" ? "Open311" : t("apiKeys.sent.sourceApi")),
      },
      { key: "category", title: t("apiKeys.sent.category"), dataIndex: "categoryName", width: 140 },
      { key: "area", title: t("apiKeys.sent.area"), dataIndex: "areaName", width: 140 },
      {
        key: "status",
        title: t("common.status"),
        dataIndex: "status",
        width: 110,
        render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(`caseDesk.statuses.${s}`)}</Tag>,
      },
      {
        key: "createdAt",
        title: t("apiKeys.sent.createdAt"),
        dataIndex: "createdAt",
        width: 160,
        render: (v: string) => formatDateTime(v),
      },
    ],
    [t],
  );
  return (
    <ListCard
      title={t("apiKeys.sent.heading")}
      style={{ marginTop: 16 }}
      filters={
        <Select
          allowClear
          placeholder={t("apiKeys.sent.allClients")}
          style={{ width: 240, maxWidth: "100%" }}
          options={keys.map((k) => ({ value: k.id, label: k.name }))}
          {...list.filterProps("keyId")}
          data-testid="api-key-filter"
        />
      }
    >
      <QueryTable<ApiKeyRequest>
        query={requests}
        columns={columns}
        scroll={{ x: 1100 }}
        pagination={list.pagination}
        empty={list.filtered ? t("apiKeys.sent.emptyClient") : t("apiKeys.sent.empty")}
        data-testid="api-key-requests"
      />
    </ListCard>
  );
}

/** API 密钥: keys that other systems use to call the public interfaces (Open311), and what each client sent. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const list = useListParams<{ keyId: string }>(["keyId"]);

  const columns = useMemo<TableColumnsType<ApiKey>>(
    () => [
      {
        key: "name",
        title: t("apiKeys.columns.name"),
        dataIndex: "name",
        render: (name: string) => (
          <Typography.Text strong>
            <KeyOutlined style={{ marginInlineEnd: 8, color: "#fa8c16" }} />
            {name}
          </Typography.Text>
        ),
      },
      {
        key: "prefix",
        title: t("apiKeys.columns.prefix"),
        dataIndex: "prefix",
        width: 160,
        render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
      },
      {
        key: "status",
        title: t("common.status"),
        dataIndex: "revokedAt",
        width: 180,
        render: (revokedAt: string | null) =>
          revokedAt ? (
            <Badge status="default" text={t("apiKeys.revokedAt", { at: formatDateTime(revokedAt) })} />
          ) : (
            <Badge status="success" text={t("apiKeys.active")} />
          ),
      },
      { key: "createdAt", title: t("common.createdAt"), dataIndex: "createdAt", width: 160, render: (v: string) => formatDateTime(v) },
      {
        key: "lastUsedAt",
        title: t("apiKeys.columns.lastUsedAt"),
        dataIndex: "lastUsedAt",
        width: 160,
        render: (v: string | null) =>
          v ? formatDateTime(v) : <Typography.Text type="secondary">{t("apiKeys.neverUsed")}</Typography.Text>,
      },
      {
        key: "requests",
        title: t("apiKeys.columns.requests"),
        dataIndex: "requests",
        width: 170,
        render: (r: ApiKey["requests"], k) =>
          r.total ? (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => list.filter({ keyId: k.id })} data-testid="api-key-sent">
              {t("apiKeys.requestsCount", { total: r.total, open: r.open })}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t("apiKeys.noRequests")}</Typography.Text>
          ),
      },
      {
        key: "lastRequestAt",
        title: t("apiKeys.columns.lastRequestAt"),
        dataIndex: "requests",
        width: 160,
        render: (r: ApiKey["requests"]) => (r.lastAt ? formatDateTime(r.lastAt) : <Typography.Text type="secondary">—</Typography.Text>),
      },
      {
        key: "actions",
        title: t("common.actions"),
        width: 100,
        fixed: "right",
        render: (_: unknown, k) =>
          k.abilities.revoke && !k.revokedAt ? (
            <Popconfirm
              title={t("apiKeys.confirmRevoke", { name: k.name })}
              description={t("apiKeys.confirmRevokeText")}
              okText={t("apiKeys.revoke")}
              okButtonProps={{ danger: true }}
              cancelText={t("common.cancel")}
              onConfirm={async () => {
                try {
                  await revoke.mutateAsync(k.id);
                  message.success(t("apiKeys.revoked", { name: k.name }));
                } catch (err) {
                  message.error(errorMessage(err));
                }
              }}
            >
              <Button type="link" danger size="small" data-testid="api-key-revoke">
                {t("apiKeys.revoke")}
              </Button>
            </Popconfirm>
          ) : null,
      },
    ],
    [t, revoke, message, list.filter],
  );

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        description={t("apiKeys.description")}
        extra={
          <CreateButton onClick={() => setCreating(true)} testId="api-key-create">
            {t("apiKeys.create")}
          </CreateButton>
        }
      />
      <ListCard>
        <QueryTable<ApiKey>
          query={keys}
          columns={columns}
          scroll={{ x: 1230 }}
          pagination={false}
          empty={t("apiKeys.empty")}
          data-testid="api-keys-table"
        />
      </ListCard>
      <SentRequests keys={keys.data?.items ?? []} />
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
