import { Flex, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DetailDrawer, DetailList, EditButton } from "../../app/detail";
import { CreateButton, FilterSelect, ListCard, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Unit } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { areaColumn, editColumn, nameColumn } from "../registry/columns";
import { PARTY_STATUS_COLORS, PARTY_STATUSES, UNIT_KINDS } from "../registry/constants";
import { ExcelActions } from "../registry/excel";
import { AreaLink, RecordLink } from "../registry/links";
import { GridPicker } from "../registry/selects";
import { type UnitParams, useUnit, useUnits } from "./api";
import { CoveragePanel } from "./coverage-panel";
import { UnitFormModal } from "./unit-form";

function UnitDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (u: Unit) => void }) {
  const { t } = useTranslation();
  const unit = useUnit(id);
  const u = unit.data;
  return (
    <DetailDrawer
      open={!!id}
      onClose={onClose}
      query={unit}
      title={u ? u.name : t("units.detail")}
      width={480}
      actions={(u) => (u.abilities.update ? <EditButton onClick={() => onEdit(u)} testId="unit-edit" /> : null)}
      data-testid="unit-drawer"
    >
      {(u) => (
        <DetailList
          items={[
            { key: "kind", label: t("units.columns.kind"), children: t(`registry.unitKinds.${u.kind}`) },
            u.kind === "government" && {
              key: "rel",
              label: t("units.columns.streetRelation"),
              children: u.streetRelation ? t(`registry.streetRelations.${u.streetRelation}`) : null,
            },
            { key: "area", label: t("units.columns.area"), children: <AreaLink code={u.areaCode} name={u.areaName} /> },
            {
              key: "grid",
              label: t("units.columns.grid"),
              children: <RecordLink list="grids" id={u.gridId} label={u.gridName ?? "…"} />,
            },
            {
              key: "status",
              label: t("units.columns.partyStatus"),
              children: <Tag color={PARTY_STATUS_COLORS[u.partyStatus]}>{t(`registry.partyStatuses.${u.partyStatus}`)}</Tag>,
            },
            {
              key: "org",
              label: t("units.columns.partyOrg"),
              children: <RecordLink list="party-orgs" id={u.partyOrgId} label={u.partyOrgName ?? "…"} />,
            },
            { key: "credit", label: t("units.columns.creditCode"), children: u.creditCode },
            { key: "address", label: t("units.columns.address"), children: u.address },
            { key: "employees", label: t("units.columns.employees"), children: u.employees === null ? null : formatNumber(u.employees) },
          ]}
        />
      )}
    </DetailDrawer>
  );
}

/** 单位: units of the actor's scope by kind and party organisation status, with the coverage rates they give. */
export function UnitsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const list = useListParams<UnitParams>(["areaCode", "kind", "partyStatus", "gridId", "q"]);
  const { areaCode } = list.filters;
  const units = useUnits({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const mayWrite = can(me, "registry.write");
  const [form, setForm] = useState<{ unit: Unit | null } | null>(null);

  const columns: TableColumnsType<Unit> = [
    nameColumn({ title: t("units.columns.name"), width: 220, onOpen: list.open, testId: "unit-link" }),
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
      render: orDash,
    },
    areaColumn(t("units.columns.area"), 140),
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
    editColumn(t, (unit) => setForm({ unit })),
  ];

  return (
    <>
      <PageHeader
        title={t("units.title")}
        description={t("units.description")}
        extra={
          <>
            <ExcelActions path="/api/v1/units/export.xlsx" filters={list.filters} imports={mayWrite && [{ kind: "units" }]} />
            {mayWrite ? (
              <CreateButton onClick={() => setForm({ unit: null })} testId="unit-create">
                {t("units.create")}
              </CreateButton>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <CoveragePanel areaCode={areaCode} onKind={(k) => list.filter({ kind: k })} />
        <ListCard
          filters={
            <>
              <AreaSelect
                value={areaCode}
                onChange={(code) => list.filter({ areaCode: code, gridId: undefined })}
                placeholder={t("units.filterArea")}
                style={{ width: 220 }}
                testId="units-area-filter"
              />
              <FilterSelect
                values={UNIT_KINDS}
                labels="registry.unitKinds"
                {...list.filterProps("kind")}
                placeholder={t("units.filterKind")}
                width={150}
                popupMatchSelectWidth={false}
                testId="units-kind-filter"
              />
              <FilterSelect
                values={PARTY_STATUSES}
                labels="registry.partyStatuses"
                {...list.filterProps("partyStatus")}
                placeholder={t("units.filterPartyStatus")}
                width={150}
                testId="units-status-filter"
              />
              <GridPicker
                {...list.filterProps("gridId")}
                filters={{ areaCode }}
                placeholder={t("units.filterGrid")}
                style={{ width: 200 }}
                testId="units-grid-filter"
              />
              <SearchInput {...list.filterProps("q")} placeholder={t("units.searchPlaceholder")} width={240} testId="units-search" />
            </>
          }
        >
          <QueryTable<Unit>
            query={units}
            columns={columns}
            scroll={{ x: 1160 }}
            empty={list.filtered ? t("units.noMatch") : t("units.empty")}
            pagination={list.pagination}
            data-testid="units-table"
          />
        </ListCard>
      </Flex>
      <UnitDrawer id={list.openId} onClose={list.close} onEdit={(u) => setForm({ unit: u })} />
      <UnitFormModal
        open={!!form}
        unit={form?.unit ?? null}
        defaultAreaCode={areaCode ?? me?.scope.areaCode}
        onClose={(saved) => {
          setForm(null);
          if (saved) list.open(saved.id);
        }}
      />
    </>
  );
}
