import { Button, Card, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { EmptyState, ErrorState, PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Grid, GridLevel } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { GRID_LEVEL_COLORS, GRID_LEVELS } from "../registry/constants";
import { ExportButton, ImportButton } from "../registry/excel";
import { useSearchUpdate } from "../registry/search-params";
import { useGrid, useGrids } from "./api";
import { GridDrawer } from "./grid-drawer";
import { GridsViewSwitch } from "./grids-view-switch";

const PAGE_SIZE = 20;

/** 网格: the grids of the actor's scope, by area, level and name; a grid opens in a drawer. */
export function GridsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const areaCode = params.get("areaCode") ?? undefined;
  const level = (params.get("level") as GridLevel | null) ?? undefined;
  const parentId = params.get("parentId") ?? undefined;
  const q = params.get("q") ?? undefined;
  const page = Number(params.get("page") ?? "1") || 1;
  const openId = params.get("id");
  const filters = { areaCode, level, parentId, q };
  const grids = useGrids({ ...filters, page, pageSize: PAGE_SIZE });
  const parent = useGrid(parentId);

  const columns: TableColumnsType<Grid> = [
    {
      key: "name",
      title: t("grids.columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 200,
      render: (name: string, g) => (
        <Button
          type="link"
          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
          onClick={() => update({ id: g.id })}
          data-testid="grid-link"
        >
          {name}
        </Button>
      ),
    },
    {
      key: "code",
      title: t("grids.columns.code"),
      dataIndex: "code",
      width: 170,
      render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
    },
    {
      key: "level",
      title: t("grids.columns.level"),
      dataIndex: "level",
      width: 100,
      render: (l: GridLevel) => <Tag color={GRID_LEVEL_COLORS[l]}>{t(`grids.levels.${l}`)}</Tag>,
    },
    {
      key: "area",
      title: t("grids.columns.area"),
      dataIndex: "areaName",
      width: 160,
      render: (name: string | null, g) => <Link to={`/areas/${encodeURIComponent(g.areaCode)}`}>{name ?? g.areaCode}</Link>,
    },
    {
      key: "worker",
      title: t("grids.columns.worker"),
      dataIndex: "workerName",
      width: 110,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: "partyGroup",
      title: t("grids.columns.partyGroup"),
      dataIndex: "partyGroupName",
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: "childCount",
      title: t("grids.columns.childCount"),
      dataIndex: "childCount",
      width: 100,
      align: "right",
      render: (n: number, g) =>
        n > 0 ? <Link to={`/grids?parentId=${encodeURIComponent(g.id)}`}>{formatNumber(n)}</Link> : formatNumber(n),
    },
    {
      key: "map",
      title: t("common.actions"),
      width: 100,
      render: (_: unknown, g) => (
        <Link to={`/grids/map?areaCode=${encodeURIComponent(g.areaCode)}&id=${encodeURIComponent(g.id)}`}>{t("grids.showOnMap")}</Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("grids.title")}
        description={t("grids.description")}
        extra={
          <>
            <GridsViewSwitch value="list" areaCode={areaCode} />
            <ExportButton path="/api/v1/grids/export.xlsx" filters={filters} />
            {can(me, "registry.write") ? <ImportButton kind="grids" /> : null}
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex gap={12} wrap style={{ padding: 16 }} align="center">
          <AreaSelect
            value={areaCode}
            onChange={(code) => update({ areaCode: code, page: undefined })}
            placeholder={t("grids.filterArea")}
            style={{ width: 240 }}
            testId="grids-area-filter"
          />
          <Select
            allowClear
            value={level}
            placeholder={t("grids.filterLevel")}
            onChange={(v?: GridLevel) => update({ level: v, page: undefined })}
            options={GRID_LEVELS.map((l) => ({ value: l, label: t(`grids.levels.${l}`) }))}
            style={{ width: 150 }}
            data-testid="grids-level-filter"
          />
          <Input.Search
            key={q ?? ""}
            defaultValue={q}
            allowClear
            placeholder={t("grids.searchPlaceholder")}
            onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
            style={{ width: 240 }}
            data-testid="grids-search"
          />
          {parentId ? (
            <Tag closable onClose={() => update({ parentId: undefined, page: undefined })} color="blue" data-testid="grids-parent-filter">
              {t("grids.childrenOf", { name: parent.data?.name ?? "…" })}
            </Tag>
          ) : null}
        </Flex>
        {grids.isError ? (
          <div style={{ padding: "0 16px 16px" }}>
            <ErrorState error={grids.error} onRetry={() => void grids.refetch()} />
          </div>
        ) : (
          <Table<Grid>
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={grids.data?.items ?? []}
            loading={grids.isFetching}
            scroll={{ x: 1040 }}
            locale={{ emptyText: <EmptyState description={q || areaCode || level || parentId ? t("grids.noMatch") : t("grids.empty")} /> }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: grids.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
              showTotal: (total) => t("common.total", { count: total }),
            }}
            data-testid="grids-table"
          />
        )}
      </Card>
      <GridDrawer id={openId} onClose={() => update({ id: undefined })} />
    </>
  );
}
