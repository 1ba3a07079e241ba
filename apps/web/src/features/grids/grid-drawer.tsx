import { Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DetailDrawer, DetailList } from "../../app/detail";
import { formatNumber } from "../../shared/format";
import { GRID_LEVEL_COLORS } from "../registry/constants";
import { formatCoord } from "../registry/geo";
import { AreaLink, RecordName } from "../registry/links";
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
  const grid = useGrid(id);
  const g = grid.data;
  return (
    <DetailDrawer
      open={!!id}
      onClose={onClose}
      mask={mask}
      query={grid}
      title={<span data-testid="grid-drawer-title">{g ? g.name : t("grids.detail")}</span>}
      width={440}
      narrow={{ placement: "bottom", size: "70%" }}
      skeletonRows={6}
      data-testid="grid-drawer"
    >
      {(g) => (
        <Flex vertical gap={16}>
          <DetailList
            items={[
              { key: "name", label: t("grids.columns.name"), children: <span data-testid="grid-drawer-name">{g.name}</span> },
              { key: "code", label: t("grids.columns.code"), children: <Typography.Text copyable>{g.code}</Typography.Text> },
              {
                key: "level",
                label: t("grids.columns.level"),
                children: <Tag color={GRID_LEVEL_COLORS[g.level]}>{t(`grids.levels.${g.level}`)}</Tag>,
              },
              { key: "area", label: t("grids.columns.area"), children: <AreaLink code={g.areaCode} name={g.areaName} /> },
              {
                key: "worker",
                label: t("grids.columns.worker"),
                children: <RecordName list="people" id={g.workerPersonId} name={g.workerName} none={t("grids.noWorker")} />,
              },
              {
                key: "partyGroup",
                label: t("grids.columns.partyGroup"),
                children: <RecordName list="party-orgs" id={g.partyGroupId} name={g.partyGroupName} none={t("common.none")} />,
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
    </DetailDrawer>
  );
}
