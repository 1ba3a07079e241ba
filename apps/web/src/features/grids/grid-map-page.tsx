import { AimOutlined, CloseOutlined, DragOutlined, EnvironmentOutlined } from "@ant-design/icons";
import { Alert, Grid as AntGrid, Breadcrumb, Button, Card, Checkbox, Flex, Segmented, Skeleton, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useSearchUpdate } from "../../app/search-params";
import { ErrorState, IconTitle, PageHeader } from "../../app/ui";
import { formatNumber } from "../../shared/format";
import type { GridLevel } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { GRID_LEVELS } from "../registry/constants";
import { formatCoord } from "../registry/geo";
import { GridMap, type GridMapMode } from "../registry/grid-map";
import { useGridGeometry, useLocateGrid } from "./api";
import { GridDrawer } from "./grid-drawer";
import { GridsActions } from "./grids-view-switch";

/** The result of "locate a point": which lowest-level grid holds it. */
function LocateResult({ point, onOpen, onClear }: { point: readonly [number, number]; onOpen: (id: string) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const located = useLocateGrid(point);
  return (
    <Card
      size="small"
      title={<IconTitle icon={<AimOutlined />}>{t("grids.locate.result")}</IconTitle>}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClear} aria-label={t("grids.locate.clear")} />}
      data-testid="locate-result"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontFamily: "monospace", fontSize: 12 }}>
        {t("grids.locate.point", { longitude: formatCoord(point[0]), latitude: formatCoord(point[1]) })}
      </Typography.Paragraph>
      {located.isError ? (
        <ErrorState error={located.error} />
      ) : located.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : located.data.grid ? (
        <Flex vertical gap={8}>
          <Breadcrumb items={located.data.grid.path.map((p) => ({ key: p.id, title: p.name }))} />
          <Button type="primary" ghost onClick={() => onOpen(located.data.grid?.id as string)} data-testid="locate-open">
            {located.data.grid.name}
          </Button>
        </Flex>
      ) : (
        <Alert
          type={located.data.inside ? "warning" : "info"}
          showIcon
          title={located.data.inside ? t("grids.locate.outOfScope") : t("grids.locate.outside")}
        />
      )}
    </Card>
  );
}

/** 网格地图: the boundaries of the grids of an area; click a grid to open it, or locate a point. */
export function GridMapPage() {
  const { t } = useTranslation();
  const screens = AntGrid.useBreakpoint();
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const areaCode = params.get("areaCode") ?? undefined;
  const openId = params.get("id");
  const [levels, setLevels] = useState<GridLevel[]>([...GRID_LEVELS]);
  const [mode, setMode] = useState<GridMapMode>("browse");
  const [point, setPoint] = useState<readonly [number, number] | null>(null);
  const geometry = useGridGeometry({ areaCode });
  const located = useLocateGrid(point);
  const visible = useMemo(() => (geometry.data?.items ?? []).filter((g) => levels.includes(g.level)), [geometry.data, levels]);
  const counts = useMemo(() => {
    const c: Record<GridLevel, number> = { street: 0, community: 0, compound: 0 };
    for (const g of geometry.data?.items ?? []) c[g.level] += 1;
    return c;
  }, [geometry.data]);

  return (
    <>
      <PageHeader
        title={t("grids.mapTitle")}
        description={t("grids.mapDescription")}
        extra={<GridsActions view="map" filters={{ areaCode }} />}
      />
      <Card styles={{ body: { padding: screens.md ? 16 : 8 } }}>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <AreaSelect
            value={areaCode}
            onChange={(code) => {
              setPoint(null);
              update({ areaCode: code, id: undefined });
            }}
            placeholder={t("grids.filterArea")}
            style={{ width: 240 }}
            testId="map-area-filter"
          />
          <Checkbox.Group
            value={levels}
            onChange={(v) => setLevels(v as GridLevel[])}
            options={GRID_LEVELS.map((l) => ({ value: l, label: `${t(`grids.levels.${l}`)} ${formatNumber(counts[l])}` }))}
            data-testid="map-levels"
          />
          <Segmented
            value={mode}
            onChange={(v) => setMode(v as GridMapMode)}
            options={[
              { value: "browse", label: t("grids.map.browse"), icon: <DragOutlined /> },
              { value: "locate", label: t("grids.map.locate"), icon: <EnvironmentOutlined /> },
            ]}
            style={{ marginInlineStart: screens.md ? "auto" : undefined }}
            data-testid="map-mode"
          />
        </Flex>
        {mode === "locate" ? (
          <Alert type="info" showIcon title={t("grids.locate.hint")} style={{ marginBottom: 12 }} data-testid="locate-hint" />
        ) : null}
        {geometry.data?.truncated ? (
          <Alert
            type="warning"
            showIcon
            title={t("grids.map.truncated", { shown: geometry.data.items.length, total: geometry.data.total })}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {geometry.isError ? (
          <ErrorState error={geometry.error} onRetry={() => void geometry.refetch()} />
        ) : geometry.isPending ? (
          <Skeleton.Node active style={{ width: "100%", height: 480 }} />
        ) : (
          <div style={{ position: "relative" }}>
            <GridMap
              grids={visible}
              mode={mode}
              selectedId={openId}
              highlightId={located.data?.grid?.id ?? null}
              marker={point}
              onSelect={(g) => update({ id: g.id })}
              onLocate={(lng, lat) => setPoint([lng, lat])}
              height={screens.md ? "calc(100vh - 300px)" : "62vh"}
            />
            {point ? (
              <div
                style={{
                  position: screens.md ? "absolute" : "static",
                  top: 12,
                  left: 12,
                  width: screens.md ? 300 : "100%",
                  marginTop: screens.md ? 0 : 12,
                }}
              >
                <LocateResult point={point} onOpen={(id) => update({ id })} onClear={() => setPoint(null)} />
              </div>
            ) : null}
          </div>
        )}
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Tag>{t("grids.map.shown", { count: visible.length })}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("grids.map.help")}
          </Typography.Text>
        </Flex>
      </Card>
      <GridDrawer id={openId} onClose={() => update({ id: undefined })} mask={false} />
    </>
  );
}
