import { type TableColumnsType, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { FilterSelect, ListCard, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Grid, GridLevel } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { areaColumn, nameColumn } from "../registry/columns";
import { GRID_LEVEL_COLORS, GRID_LEVELS } from "../registry/constants";
import { type GridListParams, useGrid, useGrids } from "./api";
import { GridDrawer } from "./grid-drawer";
import { GridsActions } from "./grids-view-switch";

/** 网格: the grids of the actor's scope, by area, level and name; a grid opens in a drawer. */
export function GridsPage() {
  const { t } = useTranslation();
  const _me = useMe().data;
  const list = useListParams<GridListParams>(["areaCode", "level", "parentId", "q"]);
  const { parentId } = list.filters;
  const grids = useGrids({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const parent = useGrid(parentId);

  const columns: TableColumnsType<Grid> = [
    nameColumn({ title: t("grids.columns.name"), width: 200, onOpen: list.open, testId: "grid-link" }),
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
    areaColumn(t("grids.columns.area"), 160),
    {
      key: "worker",
      title: t("grids.columns.worker"),
      dataIndex: "workerName",
      width: 110,
      render: orDash,
    },
    {
      key: "partyGroup",
      title: t("grids.columns.partyGroup"),
      dataIndex: "partyGroupName",
      ellipsis: true,
      render: orDash,
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
        extra={<GridsActions view="list" filters={list.filters} />}
      />
      <ListCard
        filters={
          <>
            <AreaSelect
              {...list.filterProps("areaCode")}
              placeholder={t("grids.filterArea")}
              style={{ width: 240 }}
              testId="grids-area-filter"
            />
            <FilterSelect
              values={GRID_LEVELS}
              labels="grids.levels"
              {...list.filterProps("level")}
              placeholder={t("grids.filterLevel")}
              width={150}
              testId="grids-level-filter"
            />
            <SearchInput {...list.filterProps("q")} placeholder={t("grids.searchPlaceholder")} width={240} testId="grids-search" />
            {parentId ? (
              <Tag closable onClose={() => list.filter({ parentId: undefined })} color="blue" data-testid="grids-parent-filter">
                {t("grids.childrenOf", { name: parent.data?.name ?? "…" })}
              </Tag>
            ) : null}
          </>
        }
      >
        <QueryTable<Grid>
          query={grids}
          columns={columns}
          scroll={{ x: 1040 }}
          empty={list.filtered ? t("grids.noMatch") : t("grids.empty")}
          pagination={list.pagination}
          data-testid="grids-table"
        />
      </ListCard>
      <GridDrawer id={list.openId} onClose={list.close} />
    </>
  );
}
