import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Grid as AntGrid,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Unit } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_STATUS_COLORS, PARTY_STATUSES, UNIT_KINDS } from "../registry/constants";
import { ExportButton, ImportButton } from "../registry/excel";
import { useSearchUpdate } from "../registry/search-params";
import { GridPicker } from "../registry/selects";
import { useUnit, useUnits } from "./api";
import { CoveragePanel } from "./coverage-panel";
import { UnitFormModal } from "./unit-form";

const PAGE_SIZE = 20;

function UnitDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (u: Unit) => void }) {
  const { t } = useTranslation();
  const screens = AntGrid.useBreakpoint();
  const unit = useUnit(id);
  const u = unit.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      title={u ? u.name : t("units.detail")}
      size={screens.md ? 480 : "100%"}
      destroyOnHidden
      footer={
        u?.abilities.update ? (
          <Flex justify="flex-end">
            <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(u)} data-testid="unit-edit">
              {t("common.edit")}
            </Button>
          </Flex>
        ) : null
      }
      data-testid="unit-drawer"
    >
      {unit.isError ? (
        <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />
      ) : !u ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Descriptions
          column={1}
          bordered
          size="small"
          items={[
            { key: "kind", label: t("units.columns.kind"), children: t(`registry.unitKinds.${u.kind}`) },
            ...(u.kind === "government"
              ? [
                  {
                    key: "rel",
                    label: t("units.columns.streetRelation"),
                    children: u.streetRelation ? t(`registry.streetRelations.${u.streetRelation}`) : "—",
                  },
                ]
              : []),
            {
              key: "area",
              label: t("units.columns.area"),
              children: <Link to={`/areas/${encodeURIComponent(u.areaCode)}`}>{u.areaName ?? u.areaCode}</Link>,
            },
            {
              key: "grid",
              label: t("units.columns.grid"),
              children: u.gridId ? <Link to={`/grids?id=${encodeURIComponent(u.gridId)}`}>{u.gridName ?? "…"}</Link> : "—",
            },
            {
              key: "status",
              label: t("units.columns.partyStatus"),
              children: <Tag color={PARTY_STATUS_COLORS[u.partyStatus]}>{t(`registry.partyStatuses.${u.partyStatus}`)}</Tag>,
            },
            {
              key: "org",
              label: t("units.columns.partyOrg"),
              children: u.partyOrgId ? <Link to={`/party-orgs?id=${encodeURIComponent(u.partyOrgId)}`}>{u.partyOrgName ?? "…"}</Link> : "—",
            },
            { key: "credit", label: t("units.columns.creditCode"), children: u.creditCode ?? "—" },
            { key: "address", label: t("units.columns.address"), children: u.address ?? "—" },
            { key: "employees", label: t("units.columns.employees"), children: u.employees === null ? "—" : formatNumber(u.employees) },
          ]}
        />
      )}
    </Drawer>
  );
}

/** 单位: units of the actor's scope by kind and party organisation status, with the coverage rates they give. */
export function UnitsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const areaCode = params.get("areaCode") ?? undefined;
  const kind = (params.get("kind") as Unit["kind"] | null) ?? undefined;
  const partyStatus = (params.get("partyStatus") as Unit["partyStatus"] | null) ?? undefined;
  const gridId = params.get("gridId") ?? undefined;
  const q = params.get("q") ?? undefined;
  const page = Number(params.get("page") ?? "1") || 1;
  const openId = params.get("id");
  const filters = { areaCode, kind, partyStatus, gridId, q };
  const units = useUnits({ ...filters, page, pageSize: PAGE_SIZE });
  const mayWrite = can(me, "registry.write");
  const [form, setForm] = useState<{ unit: Unit | null } | null>(null);

  const columns: TableColumnsType<Unit> = [
    {
      key: "name",
      title: t("units.columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 220,
      render: (name: string, u) => (
        <Button
          type="link"
          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
          onClick={() => update({ id: u.id })}
          data-testid="unit-link"
        >
          {name}
        </Button>
      ),
    },
    {
      key: "kind",
      title: t("units.columns.kind"),
      dataIndex: "kind",
      width: 150,
      render: (k: Unit["kind"], u) => (
        <Flex vertical gap={2}>
          <span>{t(`registry.unitKinds.${k}`)}</span>
          {u.streetRelation ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`registry.streetRelations.${u.streetRelation}`)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: "partyStatus",
      title: t("units.columns.partyStatus"),
      dataIndex: "partyStatus",
      width: 110,
      render: (s: Unit["partyStatus"]) => <Tag color={PARTY_STATUS_COLORS[s]}>{t(`registry.partyStatuses.${s}`)}</Tag>,
    },
    {
      key: "partyOrg",
      title: t("units.columns.partyOrg"),
      dataIndex: "partyOrgName",
      width: 200,
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: "area",
      title: t("units.columns.area"),
      dataIndex: "areaName",
      width: 140,
      render: (name: string | null, u) => <Link to={`/areas/${encodeURIComponent(u.areaCode)}`}>{name ?? u.areaCode}</Link>,
    },
    {
      key: "grid",
      title: t("units.columns.grid"),
      dataIndex: "gridName",
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? "—",
    },
    {
      key: "employees",
      title: t("units.columns.employees"),
      dataIndex: "employees",
      width: 90,
      align: "right",
      render: (n: number | null) => (n === null ? "—" : formatNumber(n)),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 80,
      render: (_: unknown, u) =>
        u.abilities.update ? <Typography.Link onClick={() => setForm({ unit: u })}>{t("common.edit")}</Typography.Link> : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t("units.title")}
        description={t("units.description")}
        extra={
          <>
            <ExportButton path="/api/v1/units/export.xlsx" filters={filters} />
            {mayWrite ? <ImportButton kind="units" /> : null}
            {mayWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ unit: null })} data-testid="unit-create">
                {t("units.create")}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <CoveragePanel areaCode={areaCode} onKind={(k) => update({ kind: k, page: undefined })} />
        <Card styles={{ body: { padding: 0 } }}>
          <Flex gap={12} wrap style={{ padding: 16 }} align="center">
            <AreaSelect
              value={areaCode}
              onChange={(code) => update({ areaCode: code, gridId: undefined, page: undefined })}
              placeholder={t("units.filterArea")}
              style={{ width: 220 }}
              testId="units-area-filter"
            />
            <Select
              allowClear
              value={kind}
              placeholder={t("units.filterKind")}
              onChange={(v?: string) => update({ kind: v, page: undefined })}
              options={UNIT_KINDS.map((k) => ({ value: k, label: t(`registry.unitKinds.${k}`) }))}
              style={{ width: 150 }}
              popupMatchSelectWidth={false}
              data-testid="units-kind-filter"
            />
            <Select
              allowClear
              value={partyStatus}
              placeholder={t("units.filterPartyStatus")}
              onChange={(v?: string) => update({ partyStatus: v, page: undefined })}
              options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`registry.partyStatuses.${s}`) }))}
              style={{ width: 150 }}
              data-testid="units-status-filter"
            />
            <GridPicker
              value={gridId}
              onChange={(id) => update({ gridId: id ?? undefined, page: undefined })}
              filters={{ areaCode }}
              placeholder={t("units.filterGrid")}
              style={{ width: 200 }}
              testId="units-grid-filter"
            />
            <Input.Search
              key={q ?? ""}
              defaultValue={q}
              allowClear
              placeholder={t("units.searchPlaceholder")}
              onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
              style={{ width: 240 }}
              data-testid="units-search"
            />
          </Flex>
          {units.isError ? (
            <div style={{ padding: "0 16px 16px" }}>
              <ErrorState error={units.error} onRetry={() => void units.refetch()} />
            </div>
          ) : (
            <Table<Unit>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={units.data?.items ?? []}
              loading={units.isFetching}
              scroll={{ x: 1160 }}
              locale={{
                emptyText: (
                  <EmptyState description={q || areaCode || kind || partyStatus || gridId ? t("units.noMatch") : t("units.empty")} />
                ),
              }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: units.data?.total ?? 0,
                showSizeChanger: false,
                onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
                showTotal: (total) => t("common.total", { count: total }),
              }}
              data-testid="units-table"
            />
          )}
        </Card>
      </Flex>
      <UnitDrawer id={openId} onClose={() => update({ id: undefined })} onEdit={(u) => setForm({ unit: u })} />
      <UnitFormModal
        open={!!form}
        unit={form?.unit ?? null}
        defaultAreaCode={areaCode ?? me?.scope.areaCode}
        onClose={(saved) => {
          setForm(null);
          if (saved) update({ id: saved.id });
        }}
      />
    </>
  );
}
