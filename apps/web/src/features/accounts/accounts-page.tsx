import { EditOutlined, KeyOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Badge, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { ROLES } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/query";
import type { Account, Role } from "../../shared/types";
import { AccountFormModal, ResetPasswordModal } from "./account-forms";
import { useAccounts, useUpdateAccount } from "./api";

const PAGE_SIZE = 20;

/** 账号管理: accounts, their roles and the area each is bound to. */
export function AccountsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get("page") ?? "1") || 1;
  const q = params.get("q") ?? undefined;
  const roleParam = params.get("role");
  const role = ROLES.find((r) => r === roleParam);
  const creating = params.get("create") === "1";
  const [editing, setEditing] = useState<Account | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);
  const accounts = useAccounts({ q, role, page, pageSize: PAGE_SIZE });
  const update = useUpdateAccount();

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const toggleStatus = async (a: Account) => {
    const status = a.status === "active" ? "disabled" : "active";
    try {
      await update.mutateAsync({ id: a.id, input: { status } });
      message.success(t(status === "active" ? "accounts.enabled" : "accounts.disabled", { name: a.username }));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<Account> = [
    {
      key: "username",
      title: t("accounts.columns.username"),
      dataIndex: "username",
      width: 160,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { key: "displayName", title: t("accounts.columns.displayName"), dataIndex: "displayName", width: 140 },
    {
      key: "roles",
      title: t("accounts.columns.roles"),
      dataIndex: "roles",
      render: (roles: Account["roles"]) => (
        <Flex gap={4} wrap>
          {roles.map((r) => (
            <Tag key={r} style={{ marginInlineEnd: 0 }}>
              {t(`roles.${r}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: "area",
      title: t("accounts.columns.area"),
      dataIndex: "areaName",
      width: 180,
      render: (name: string | null, a) => name ?? a.areaCode ?? "—",
    },
    {
      key: "status",
      title: t("common.status"),
      dataIndex: "status",
      width: 100,
      render: (s: Account["status"]) => <Badge status={s === "active" ? "success" : "default"} text={t(`accounts.status.${s}`)} />,
    },
    { key: "createdAt", title: t("common.createdAt"), dataIndex: "createdAt", width: 160, render: (v: string) => formatDateTime(v) },
    {
      key: "actions",
      title: t("common.actions"),
      width: 250,
      fixed: "right",
      render: (_: unknown, a) => (
        <Space size={0} wrap>
          {a.abilities.update ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(a)}>
              {t("common.edit")}
            </Button>
          ) : null}
          {a.abilities.resetPassword ? (
            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(a)}>
              {t("accounts.resetPassword")}
            </Button>
          ) : null}
          {a.abilities.disable ? (
            <Popconfirm
              title={t(a.status === "active" ? "accounts.confirmDisable" : "accounts.confirmEnable", { name: a.username })}
              okText={t("common.confirm")}
              cancelText={t("common.cancel")}
              onConfirm={() => toggleStatus(a)}
            >
              <Button type="link" size="small" danger={a.status === "active"}>
                {t(a.status === "active" ? "accounts.disable" : "accounts.enable")}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("accounts.title")}
        description={t("accounts.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setParam({ create: "1" })} data-testid="account-create">
            {t("accounts.create")}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex gap={12} wrap style={{ padding: 16 }}>
          <Input.Search
            key={q ?? ""}
            defaultValue={q}
            allowClear
            placeholder={t("accounts.searchPlaceholder")}
            onSearch={(v) => setParam({ q: v.trim() || undefined, page: undefined })}
            style={{ width: 280 }}
            data-testid="accounts-search"
          />
          <Select<Role>
            allowClear
            value={role}
            placeholder={t("accounts.filterRole")}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onChange={(r) => setParam({ role: r, page: undefined })}
            style={{ width: 180 }}
            data-testid="accounts-role-filter"
          />
        </Flex>
        {accounts.isError ? (
          <div style={{ padding: "0 16px 16px" }}>
            <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
          </div>
        ) : (
          <Table<Account>
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={accounts.data?.items ?? []}
            loading={accounts.isFetching}
            scroll={{ x: 1240 }}
            locale={{ emptyText: <EmptyState description={q || role ? t("accounts.noMatch") : t("accounts.empty")} /> }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: accounts.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => setParam({ page: p > 1 ? String(p) : undefined }),
              showTotal: (total) => t("common.total", { count: total }),
            }}
            data-testid="accounts-table"
          />
        )}
      </Card>
      <AccountFormModal
        open={creating || !!editing}
        account={editing}
        onClose={() => {
          setEditing(null);
          if (creating) setParam({ create: undefined });
        }}
      />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
