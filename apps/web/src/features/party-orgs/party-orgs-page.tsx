import { ApartmentOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Segmented, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CreateButton, FilterSelect, ListCard, ListInset, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { PartyOrg } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { areaColumn, editColumn, nameColumn } from "../registry/columns";
import { PARTY_ORG_KINDS } from "../registry/constants";
import { ExportButton } from "../registry/excel";
import { type PartyOrgParams, usePartyOrg, usePartyOrgs } from "./api";
import { PartyOrgKindTag } from "./kind-tag";
import { PartyOrgDrawer } from "./party-org-drawer";
import { PartyOrgFormModal } from "./party-org-form";
import { PartyOrgTree } from "./party-org-tree";

/** 党组织: the party organisations of the actor's scope; their tree is walked through parents and children. */
export function PartyOrgsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const list = useListParams<PartyOrgParams>(["areaCode", "kind", "parentId", "q"]);
  const { areaCode, parentId } = list.filters;
  const view = list.params.get("view") === "tree" ? "tree" : "list";
  const orgs = usePartyOrgs({ ...list.filters, page: list.page, pageSize: PAGE_SIZE }, view === "list");
  const parent = usePartyOrg(parentId);
  const mayWrite = can(me, "registry.write");
  const [form, setForm] = useState<{ org: PartyOrg | null; parent?: PartyOrg | null } | null>(null);

  const columns: TableColumnsType<PartyOrg> = [
    nameColumn({ title: t("partyOrgs.columns.name"), width: 240, onOpen: list.open, testId: "party-org-link" }),
    {
      key: "kind",
      title: t("partyOrgs.columns.kind"),
      dataIndex: "kind",
      width: 190,
      render: (k: PartyOrg["kind"], o) => <PartyOrgKindTag kind={k} basis={o.basis} />,
    },
    areaColumn(t("partyOrgs.columns.area"), 150),
    {
      key: "parent",
      title: t("partyOrgs.columns.parent"),
      dataIndex: "parentName",
      width: 200,
      ellipsis: true,
      render: (name: string | null, o) =>
        o.parentId ? <Typography.Link onClick={() => list.open(o.parentId as string)}>{name ?? "…"}</Typography.Link> : "—",
    },
    {
      key: "secretary",
      title: t("partyOrgs.columns.secretary"),
      dataIndex: "secretaryName",
      width: 100,
      render: orDash,
    },
    {
      key: "memberCount",
      title: t("partyOrgs.columns.memberCount"),
      dataIndex: "memberCount",
      width: 90,
      align: "right",
      render: (n: number) => formatNumber(n),
    },
    {
      key: "childCount",
      title: t("partyOrgs.columns.childCount"),
      dataIndex: "childCount",
      width: 100,
      align: "right",
      render: (n: number, o) =>
        n > 0 ? (
          <Typography.Link
            onClick={() => list.filter({ parentId: o.id, q: undefined, kind: undefined })}
            data-testid="party-org-children-filter"
          >
            {formatNumber(n)}
          </Typography.Link>
        ) : (
          "0"
        ),
    },
    editColumn(t, (org) => setForm({ org })),
  ];

  return (
    <>
      <PageHeader
        title={t("partyOrgs.title")}
        description={t("partyOrgs.description")}
        extra={
          <>
            <Segmented
              value={view}
              options={[
                { value: "list", label: t("partyOrgs.views.list"), icon: <UnorderedListOutlined /> },
                { value: "tree", label: t("partyOrgs.views.tree"), icon: <ApartmentOutlined /> },
              ]}
              onChange={(v) => list.filter({ view: v === "tree" ? "tree" : undefined })}
              data-testid="party-orgs-view"
            />
            <ExportButton path="/api/v1/party-orgs/export.xlsx" filters={list.filters} />
            {mayWrite ? (
              <CreateButton onClick={() => setForm({ org: null, parent: parent.data ?? null })} testId="party-org-create">
                {t("partyOrgs.create")}
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
              placeholder={t("partyOrgs.filterArea")}
              style={{ width: 240 }}
              testId="party-orgs-area-filter"
            />
            {view === "tree" ? null : (
              <>
                <FilterSelect
                  values={PARTY_ORG_KINDS}
                  labels="registry.partyOrgKinds"
                  {...list.filterProps("kind")}
                  placeholder={t("partyOrgs.filterKind")}
                  width={200}
                  popupMatchSelectWidth={false}
                  testId="party-orgs-kind-filter"
                />
                <SearchInput
                  {...list.filterProps("q")}
                  placeholder={t("partyOrgs.searchPlaceholder")}
                  width={240}
                  testId="party-orgs-search"
                />
              </>
            )}
            {parentId && view === "list" ? (
              <Tag closable color="red" onClose={() => list.filter({ parentId: undefined })} data-testid="party-orgs-parent-filter">
                {t("partyOrgs.childrenOf", { name: parent.data?.name ?? "…" })}
              </Tag>
            ) : null}
          </>
        }
      >
        {view === "tree" ? (
          <ListInset>
            <PartyOrgTree areaCode={areaCode} onOpen={list.open} />
          </ListInset>
        ) : (
          <QueryTable<PartyOrg>
            query={orgs}
            columns={columns}
            scroll={{ x: 1150 }}
            empty={list.filtered ? t("partyOrgs.noMatch") : t("partyOrgs.empty")}
            pagination={list.pagination}
            data-testid="party-orgs-table"
          />
        )}
      </ListCard>
      <PartyOrgDrawer
        id={list.openId}
        onOpen={list.open}
        onClose={list.close}
        onEdit={(o) => setForm({ org: o })}
        onAddChild={(p) => setForm({ org: null, parent: p })}
      />
      <PartyOrgFormModal
        open={!!form}
        org={form?.org ?? null}
        defaults={{ areaCode: areaCode ?? me?.scope.areaCode, parent: form?.parent ?? null }}
        onClose={(saved) => {
          setForm(null);
          if (saved) list.open(saved.id);
        }}
      />
    </>
  );
}
