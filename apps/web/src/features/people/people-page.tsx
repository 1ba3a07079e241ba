import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Person, PersonRole } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PERSON_ROLES } from "../registry/constants";
import { ExportButton, ImportButton } from "../registry/excel";
import { usePeople } from "./api";
import { PersonDrawer } from "./person-drawer";
import { PersonFormModal } from "./person-form";
import { RoleTags } from "./person-roles";

const PAGE_SIZE = 20;

/** 人员: residents of the actor's scope with the roles they hold (party member, community worker, …); personal data masked. */
export function PeoplePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const areaCode = params.get("areaCode") ?? undefined;
  const q = params.get("q") ?? undefined;
  const role = (params.get("role") as PersonRole | null) ?? undefined;
  const page = Number(params.get("page") ?? "1") || 1;
  const openId = params.get("id");
  const creating = params.get("create") === "1";
  const [editing, setEditing] = useState<Person | null>(null);
  const people = usePeople({ areaCode, q, role, page, pageSize: PAGE_SIZE });
  const canWrite = can(me, "people.write");

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const columns: TableColumnsType<Person> = [
    {
      key: "name",
      title: t("people.columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 120,
      render: (name: string, p) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => update({ id: p.id })} data-testid="person-link">
          {name}
        </Button>
      ),
    },
    {
      key: "gender",
      title: t("people.columns.gender"),
      dataIndex: "gender",
      width: 80,
      render: (g: Person["gender"]) => t(`gender.${g}`),
    },
    {
      key: "roles",
      title: t("people.columns.roles"),
      dataIndex: "roles",
      width: 200,
      render: (roles: PersonRole[] | undefined) => <RoleTags roles={roles} />,
    },
    {
      key: "area",
      title: t("people.columns.area"),
      dataIndex: "areaName",
      width: 180,
      render: (name: string | null, p) => name ?? p.areaCode,
    },
    {
      key: "idNumber",
      title: t("people.columns.idNumber"),
      dataIndex: "idNumber",
      width: 190,
      render: (v: string | null) => (v ? <Typography.Text style={{ fontFamily: "monospace" }}>{v}</Typography.Text> : "—"),
    },
    { key: "phone", title: t("people.columns.phone"), dataIndex: "phone", width: 140, render: (v: string | null) => v ?? "—" },
    {
      key: "address",
      title: t("people.columns.address"),
      dataIndex: "address",
      ellipsis: true,
      render: (v: string | null) => v ?? "—",
    },
    {
      key: "createdAt",
      title: t("common.createdAt"),
      dataIndex: "createdAt",
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("people.title")}
        description={t("people.description")}
        extra={
          <>
            <ExportButton path="/api/v1/people/export.xlsx" filters={{ areaCode, q, role }} />
            {can(me, "registry.write") ? (
              <>
                <ImportButton kind="party-members" label={t("people.importPartyMembers")} testId="import-party-members" />
                <ImportButton kind="community-workers" label={t("people.importCommunityWorkers")} testId="import-community-workers" />
              </>
            ) : null}
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => update({ create: "1" })} data-testid="person-create">
                {t("people.create")}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex gap={12} wrap style={{ padding: 16 }} align="center">
          <AreaSelect
            value={areaCode}
            onChange={(code) => update({ areaCode: code, page: undefined })}
            placeholder={t("people.filterArea")}
            style={{ width: 240 }}
            testId="people-area-filter"
          />
          <Select
            allowClear
            value={role}
            placeholder={t("people.filterRole")}
            onChange={(v?: string) => update({ role: v, page: undefined })}
            options={PERSON_ROLES.map((r) => ({ value: r, label: t(`registry.personRoles.${r}`) }))}
            style={{ width: 160 }}
            data-testid="people-role-filter"
          />
          <Input.Search
            key={q ?? ""}
            defaultValue={q}
            allowClear
            placeholder={t("people.searchPlaceholder")}
            onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
            style={{ width: 260 }}
            data-testid="people-search"
          />
          <Tag color="default" style={{ marginInlineStart: "auto" }}>
            {t("people.maskedBadge")}
          </Tag>
        </Flex>
        {people.isError ? (
          <div style={{ padding: "0 16px 16px" }}>
            <ErrorState error={people.error} onRetry={() => void people.refetch()} />
          </div>
        ) : (
          <Table<Person>
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={people.data?.items ?? []}
            loading={people.isFetching}
            scroll={{ x: 1200 }}
            locale={{
              emptyText: (
                <EmptyState
                  description={q || areaCode || role ? t("people.noMatch") : t("people.empty")}
                  action={
                    canWrite && !q ? (
                      <Button type="primary" onClick={() => update({ create: "1" })}>
                        {t("people.create")}
                      </Button>
                    ) : undefined
                  }
                />
              ),
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: people.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
              showTotal: (total) => t("common.total", { count: total }),
            }}
            data-testid="people-table"
          />
        )}
      </Card>
      <PersonDrawer id={openId} onClose={() => update({ id: undefined })} onEdit={(p) => setEditing(p)} />
      <PersonFormModal
        open={creating || !!editing}
        person={editing}
        defaultAreaCode={areaCode ?? me?.scope.areaCode}
        onClose={(saved) => {
          setEditing(null);
          if (creating) update({ create: undefined, id: saved?.id });
        }}
      />
    </>
  );
}
