import { ApartmentOutlined, PlusOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Input, Segmented, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { PartyOrg } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_ORG_KINDS } from "../registry/constants";
import { ExportButton } from "../registry/excel";
import { useSearchUpdate } from "../registry/search-params";
import { usePartyOrg, usePartyOrgs } from "./api";
import { PartyOrgKindTag } from "./kind-tag";
import { PartyOrgDrawer } from "./party-org-drawer";
import { PartyOrgFormModal } from "./party-org-form";
import { PartyOrgTree } from "./party-org-tree";

const PAGE_SIZE = 20;

/** 党组织: the party organisations of the actor's scope; their tree is walked through parents and children. */
export function PartyOrgsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const areaCode = params.get("areaCode") ?? undefined;
  const kind = (params.get("kind") as PartyOrg["kind"] | null) ?? undefined;
  const parentId = params.get("parentId") ?? undefined;
  const q = params.get("q") ?? undefined;
  const view = params.get("view") === "tree" ? "tree" : "list";
  const page = Number(params.get("page") ?? "1") || 1;
  const openId = params.get("id");
  const filters = { areaCode, kind, parentId, q };
  const orgs = usePartyOrgs({ ...filters, page, pageSize: PAGE_SIZE }, view === "list");
  const parent = usePartyOrg(parentId);
  const mayWrite = can(me, "registry.write");
  const [form, setForm] = useState<{ org: PartyOrg | null; parent?: PartyOrg | null } | null>(null);

  const columns: TableColumnsType<PartyOrg> = [
    {
      key: "name",
      title: t("partyOrgs.columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 240,
      render: (name: string, o) => (
        <Button
          type="link"
          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
          onClick={() => update({ id: o.id })}
          data-testid="party-org-link"
        >
          {name}
        </Button>
      ),
    },
    {
      key: "kind",
      title: t("partyOrgs.columns.kind"),
      dataIndex: "kind",
      width: 190,
      render: (k: PartyOrg["kind"], o) => <PartyOrgKindTag kind={k} basis={o.basis} />,
    },
    {
      key: "area",
      title: t("partyOrgs.columns.area"),
      dataIndex: "areaName",
      width: 150,
      render: (name: string | null, o) => <Link to={`/areas/${encodeURIComponent(o.areaCode)}`}>{name ?? o.areaCode}</Link>,
    },
    {
      key: "parent",
      title: t("partyOrgs.columns.parent"),
      dataIndex: "parentName",
      width: 200,
      ellipsis: true,
      render: (name: string | null, o) =>
        o.parentId ? <Typography.Link onClick={() => update({ id: o.parentId as string })}>{name ?? "…"}</Typography.Link> : "—",
    },
    {
      key: "secretary",
      title: t("partyOrgs.columns.secretary"),
      dataIndex: "secretaryName",
      width: 100,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
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
            onClick={() => update({ parentId: o.id, page: undefined, q: undefined, kind: undefined })}
            data-testid="party-org-children-filter"
          >
            {formatNumber(n)}
          </Typography.Link>
        ) : (
          "0"
        ),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 80,
      render: (_: unknown, o) =>
        o.abilities.update ? <Typography.Link onClick={() => setForm({ org: o })}>{t("common.edit")}</Typography.Link> : null,
    },
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
              onChange={(v) => update({ view: v === "tree" ? "tree" : undefined, page: undefined })}
              data-testid="party-orgs-view"
            />
            <ExportButton path="/api/v1/party-orgs/export.xlsx" filters={filters} />
            {mayWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setForm({ org: null, parent: parent.data ?? null })}
                data-testid="party-org-create"
              >
                {t("partyOrgs.create")}
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
            placeholder={t("partyOrgs.filterArea")}
            style={{ width: 240 }}
            testId="party-orgs-area-filter"
          />
          {view === "tree" ? null : (
            <>
              <Select
                allowClear
                value={kind}
                placeholder={t("partyOrgs.filterKind")}
                onChange={(v?: string) => update({ kind: v, page: undefined })}
                options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: t(`registry.partyOrgKinds.${k}`) }))}
                style={{ width: 200 }}
                popupMatchSelectWidth={false}
                data-testid="party-orgs-kind-filter"
              />
              <Input.Search
                key={q ?? ""}
                defaultValue={q}
                allowClear
                placeholder={t("partyOrgs.searchPlaceholder")}
                onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
                style={{ width: 240 }}
                data-testid="party-orgs-search"
              />
            </>
          )}
          {parentId && view === "list" ? (
            <Tag
              closable
              color="red"
              onClose={() => update({ parentId: undefined, page: undefined })}
              data-testid="party-orgs-parent-filter"
            >
              {t("partyOrgs.childrenOf", { name: parent.data?.name ?? "…" })}
            </Tag>
          ) : null}
        </Flex>
        {view === "tree" ? (
          <div style={{ padding: "0 16px 16px" }}>
            <PartyOrgTree areaCode={areaCode} onOpen={(id) => update({ id })} />
          </div>
        ) : orgs.isError ? (
          <div style={{ padding: "0 16px 16px" }}>
            <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />
          </div>
        ) : (
          <Table<PartyOrg>
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={orgs.data?.items ?? []}
            loading={orgs.isFetching}
            scroll={{ x: 1150 }}
            locale={{
              emptyText: <EmptyState description={q || areaCode || kind || parentId ? t("partyOrgs.noMatch") : t("partyOrgs.empty")} />,
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: orgs.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
              showTotal: (total) => t("common.total", { count: total }),
            }}
            data-testid="party-orgs-table"
          />
        )}
      </Card>
      <PartyOrgDrawer
        id={openId}
        onOpen={(id) => update({ id })}
        onClose={() => update({ id: undefined })}
        onEdit={(o) => setForm({ org: o })}
        onAddChild={(p) => setForm({ org: null, parent: p })}
      />
      <PartyOrgFormModal
        open={!!form}
        org={form?.org ?? null}
        defaults={{ areaCode: areaCode ?? me?.scope.areaCode, parent: form?.parent ?? null }}
        onClose={(saved) => {
          setForm(null);
          if (saved) update({ id: saved.id });
        }}
      />
    </>
  );
}
