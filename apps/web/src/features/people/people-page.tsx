import { Button, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CreateButton, FilterSelect, ListCard, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Person, PersonRole } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PERSON_ROLES } from "../registry/constants";
import { ExcelActions } from "../registry/excel";
import { type PeopleParams, usePeople } from "./api";
import { PersonDrawer } from "./person-drawer";
import { PersonFormModal } from "./person-form";
import { RoleTags } from "./person-roles";

/** 人员: residents of the actor's scope with the roles they hold (party member, community worker, …); personal data masked. */
export function PeoplePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const list = useListParams<PeopleParams>(["areaCode", "q", "role"]);
  const { areaCode, q } = list.filters;
  const creating = list.params.get("create") === "1";
  const [editing, setEditing] = useState<Person | null>(null);
  const people = usePeople({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const canWrite = can(me, "people.write");

  const columns: TableColumnsType<Person> = [
    {
      key: "name",
      title: t("people.columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 120,
      render: (name: string, p) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => list.open(p.id)} data-testid="person-link">
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
            <ExcelActions
              path="/api/v1/people/export.xlsx"
              filters={list.filters}
              imports={
                can(me, "registry.write") && [
                  { kind: "party-members", label: t("people.importPartyMembers"), testId: "import-party-members" },
                  { kind: "community-workers", label: t("people.importCommunityWorkers"), testId: "import-community-workers" },
                ]
              }
            />
            {canWrite ? (
              <CreateButton onClick={() => list.update({ create: "1" })} testId="person-create">
                {t("people.create")}
              </CreateButton>
            ) : null}
          </>
        }
      />
      <ListCard
        filters={
          <>
            <AreaSelect
              {...list.filterProps("areaCode")}
              placeholder={t("people.filterArea")}
              style={{ width: 240 }}
              testId="people-area-filter"
            />
            <FilterSelect
              values={PERSON_ROLES}
              labels="registry.personRoles"
              {...list.filterProps("role")}
              placeholder={t("people.filterRole")}
              width={160}
              testId="people-role-filter"
            />
            <SearchInput {...list.filterProps("q")} placeholder={t("people.searchPlaceholder")} width={260} testId="people-search" />
            <Tag color="default" style={{ marginInlineStart: "auto" }}>
              {t("people.maskedBadge")}
            </Tag>
          </>
        }
      >
        <QueryTable<Person>
          query={people}
          columns={columns}
          scroll={{ x: 1200 }}
          empty={list.filtered ? t("people.noMatch") : t("people.empty")}
          emptyAction={
            canWrite && !q ? (
              <Button type="primary" onClick={() => list.update({ create: "1" })}>
                {t("people.create")}
              </Button>
            ) : undefined
          }
          pagination={list.pagination}
          data-testid="people-table"
        />
      </ListCard>
      <PersonDrawer id={list.openId} onClose={list.close} onEdit={(p) => setEditing(p)} />
      <PersonFormModal
        open={creating || !!editing}
        person={editing}
        defaultAreaCode={areaCode ?? me?.scope.areaCode}
        onClose={(saved) => {
          setEditing(null);
          if (creating) list.update({ create: undefined, id: saved?.id });
        }}
      />
    </>
  );
}
