import { EditOutlined, KeyOutlined } from "@ant-design/icons";
import { App, Badge, Button, Flex, Popconfirm, Space, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CreateButton, FilterSelect, ListCard, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { ROLES } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/query";
import type { Account } from "../../shared/types";
import { AccountFormModal, ResetPasswordModal } from "./account-forms";
import { type AccountsParams, useAccounts, useUpdateAccount } from "./api";

/** 账号管理: accounts, their roles and the area each is bound to. */
export function AccountsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useListParams<AccountsParams>(["q", "role"]);
  const q = list.filters.q;
  const role = ROLES.find((r) => r === list.filters.role);
  const creating = list.params.get("create") === "1";
  const [editing, setEditing] = useState<Account | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);
  const accounts = useAccounts({ q, role, page: list.page, pageSize: PAGE_SIZE });
  const update = useUpdateAccount();

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
          <CreateButton onClick={() => list.update({ create: "1" })} testId="account-create">
            {t("accounts.create")}
          </CreateButton>
        }
      />
      <ListCard
        filters={
          <>
            <SearchInput {...list.filterProps("q")} placeholder={t("accounts.searchPlaceholder")} width={280} testId="accounts-search" />
            <FilterSelect
              values={ROLES}
              labels="roles"
              value={role}
              onChange={(r) => list.filter({ role: r })}
              placeholder={t("accounts.filterRole")}
              width={180}
              testId="accounts-role-filter"
            />
          </>
        }
      >
        <QueryTable<Account>
          query={accounts}
          columns={columns}
          scroll={{ x: 1240 }}
          empty={q || role ? t("accounts.noMatch") : t("accounts.empty")}
          pagination={list.pagination}
          data-testid="accounts-table"
        />
      </ListCard>
      <AccountFormModal
        open={creating || !!editing}
        account={editing}
        onClose={() => {
          setEditing(null);
          if (creating) list.update({ create: undefined });
        }}
      />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
