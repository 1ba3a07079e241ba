import { Grid as AntGrid, Descriptions, Drawer, Flex, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import { GRID_LEVEL_COLORS } from "../registry/constants";
import { formatCoord } from "../registry/geo";
import { useGrid } from "./api";

/** One grid: level, area, its grid worker (人网), party group, sub-grids and bounding box. */
export function GridDrawer({
  id,
  onClose,
  extra,
  mask = true,
}: {
  id: string | null;
  onClose: () => void;
  extra?: React.ReactNode;
  /** false beside a map, which stays usable while the drawer is open */
  mask?: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const screens = AntGrid.useBreakpoint();
  const grid = useGrid(id);
  const g = grid.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      mask={mask}
      title={<span data-testid="grid-drawer-title">{g ? g.name : t("grids.detail")}</span>}
      placement={screens.md ? "right" : "bottom"}
      size={screens.md ? 440 : "70%"}
      destroyOnHidden
      data-testid="grid-drawer"
    >
      {grid.isError ? (
        <ErrorState error={grid.error} onRetry={() => void grid.refetch()} />
      ) : !g ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: "name", label: t("grids.columns.name"), children: <span data-testid="grid-drawer-name">{g.name}</span> },
              { key: "code", label: t("grids.columns.code"), children: <Typography.Text copyable>{g.code}</Typography.Text> },
              {
                key: "level",
                label: t("grids.columns.level"),
                children: <Tag color={GRID_LEVEL_COLORS[g.level]}>{t(`grids.levels.${g.level}`)}</Tag>,
              },
              {
                key: "area",
                label: t("grids.columns.area"),
                children: <Link to={`/areas/${encodeURIComponent(g.areaCode)}`}>{g.areaName ?? g.areaCode}</Link>,
              },
              {
                key: "worker",
                label: t("grids.columns.worker"),
                children: g.workerName ? (
                  g.workerPersonId && can(me, "people.read") ? (
                    <Link to={`/people?id=${encodeURIComponent(g.workerPersonId)}`}>{g.workerName}</Link>
                  ) : (
                    g.workerName
                  )
                ) : (
                  <Typography.Text type="secondary">{t("grids.noWorker")}</Typography.Text>
                ),
              },
              {
                key: "partyGroup",
                label: t("grids.columns.partyGroup"),
                children: g.partyGroupName ? (
                  g.partyGroupId ? (
                    <Link to={`/party-orgs?id=${encodeURIComponent(g.partyGroupId)}`}>{g.partyGroupName}</Link>
                  ) : (
                    g.partyGroupName
                  )
                ) : (
                  <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
                ),
              },
              {
                key: "children",
                label: t("grids.columns.childCount"),
                children:
                  g.childCount > 0 ? <Link to={`/grids?parentId=${encodeURIComponent(g.id)}`}>{formatNumber(g.childCount)}</Link> : "0",
              },
              {
                key: "bbox",
                label: t("grids.columns.bbox"),
                children: (
                  <Typography.Text style={{ fontSize: 12, fontFamily: "monospace" }}>
                    {t("grids.bboxSouthWest")} {formatCoord(g.bbox[0])}, {formatCoord(g.bbox[1])}
                    <br />
                    {t("grids.bboxNorthEast")} {formatCoord(g.bbox[2])}, {formatCoord(g.bbox[3])}
                  </Typography.Text>
                ),
              },
            ]}
          />
          {extra}
        </Flex>
      )}
    </Drawer>
  );
}
