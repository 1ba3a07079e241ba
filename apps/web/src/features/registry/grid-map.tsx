import { AimOutlined, CompressOutlined, MinusOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Tooltip, Typography } from "antd";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorState, PageLoading } from "../../app/ui";
import type { Grid, GridLevel } from "../../shared/types";
import type { ECharts } from "./echarts";
import { formatCoord, ringsOf, toFeatureCollection, unionBbox } from "./geo";

type EChartsLib = typeof import("./echarts");

/** Fill and border of each grid level; smaller levels are drawn above larger ones. */
const LEVEL_STYLE: Record<GridLevel, { areaColor: string; borderColor: string; borderWidth: number; hover: string }> = {
  street: { areaColor: "rgba(200,22,29,0.04)", borderColor: "#c8161d", borderWidth: 2.5, hover: "rgba(200,22,29,0.12)" },
  community: { areaColor: "rgba(22,119,255,0.08)", borderColor: "#1677ff", borderWidth: 1.5, hover: "rgba(22,119,255,0.22)" },
  compound: { areaColor: "rgba(82,196,26,0.20)", borderColor: "#389e0d", borderWidth: 0.8, hover: "rgba(82,196,26,0.45)" },
};
const SELECTED = { areaColor: "rgba(250,140,22,0.55)", borderColor: "#d46b08", borderWidth: 2 };
const LOCATED = { areaColor: "rgba(250,219,20,0.65)", borderColor: "#ad8b00", borderWidth: 2 };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type GridMapMode = "browse" | "locate";

/**
 * Grids drawn on a plain background (no online tiles in a closed network): GeoJSON boundaries on an ECharts geo
 * component that can be zoomed and panned. In browse mode a click opens a grid; in locate mode it reports the point.
 * ECharts is loaded on demand, when the first map is shown.
 */
export function GridMap({
  grids,
  mode = "browse",
  selectedId,
  highlightId,
  marker,
  onSelect,
  onLocate,
  height = 520,
  testId = "grid-map",
}: {
  grids: readonly Grid[];
  mode?: GridMapMode;
  selectedId?: string | null;
  highlightId?: string | null;
  marker?: readonly [number, number] | null;
  onSelect?: (grid: Grid) => void;
  onLocate?: (lng: number, lat: number) => void;
  height?: number | string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const mapName = `grids-${useId()}`;
  const container = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const [lib, setLib] = useState<EChartsLib | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [ready, setReady] = useState(0);

  const drawn = useMemo(() => grids.filter((g) => g.geometry), [grids]);
  const byCode = useMemo(() => new Map(drawn.map((g) => [g.code, g])), [drawn]);
  const bbox = useMemo(() => unionBbox(drawn.map((g) => g.bbox)), [drawn]);

  // The latest props, for the chart's event handlers (bound once).
  const latest = useRef({ mode, byCode, onSelect, onLocate });
  latest.current = { mode, byCode, onSelect, onLocate };

  useEffect(() => {
    let alive = true;
    import("./echarts").then(
      (m) => alive && setLib(m),
      (err: unknown) => alive && setLoadError(err),
    );
    return () => {
      alive = false;
    };
  }, []);

  // One chart per mounted map.
  useEffect(() => {
    const el = container.current;
    if (!lib || !el) return;
    const chart = lib.init(el, undefined, { renderer: "canvas" });
    chartRef.current = chart;
    // A map with no room (hidden, or the page being torn down) has no invertible transform: skip such sizes.
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientHeight > 0) chart.resize();
    });
    resize.observe(el);
    chart.on("click", (params) => {
      const { mode: m, byCode: codes, onSelect: select } = latest.current;
      if (m !== "browse" || params.componentType !== "geo" || typeof params.name !== "string") return;
      const grid = codes.get(params.name);
      if (!grid) return;
      // The drawer that opens covers the tooltip's spot; a tooltip left floating above it would hide its text.
      chart.dispatchAction({ type: "hideTip" });
      select?.(grid);
    });
    const toLngLat = (x: number, y: number): [number, number] | null => {
      const p = chart.convertFromPixel({ geoIndex: 0 }, [x, y]) as number[] | undefined;
      return p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [p[0] as number, p[1] as number] : null;
    };
    chart.getZr().on("click", (e) => {
      const { mode: m, onLocate: locate } = latest.current;
      if (m !== "locate") return;
      const p = toLngLat(e.offsetX, e.offsetY);
      if (p) locate?.(p[0], p[1]);
    });
    chart.getZr().on("mousemove", (e) => {
      const p = toLngLat(e.offsetX, e.offsetY);
      if (readout.current) readout.current.textContent = p ? `${formatCoord(p[0])}, ${formatCoord(p[1])}` : "";
    });
    setReady((n) => n + 1);
    return () => {
      resize.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [lib]);

  // The map itself: registered again whenever the set of grids changes (this resets zoom and pan).
  useEffect(() => {
    const chart = chartRef.current;
    if (!lib || !chart || ready === 0 || !bbox) return;
    lib.registerMap(mapName, toFeatureCollection(drawn) as unknown as Parameters<EChartsLib["registerMap"]>[1]);
    const midLat = (bbox[1] + bbox[3]) / 2;
    chart.setOption(
      {
        animation: false,
        tooltip: { trigger: "item", confine: true },
        geo: [
          {
            map: mapName,
            roam: true,
            aspectScale: Math.cos((midLat * Math.PI) / 180),
            scaleLimit: { min: 0.5, max: 80 },
            layoutCenter: ["50%", "50%"],
            layoutSize: "94%",
            selectedMode: false,
            label: { show: false, formatter: (p: { name: string }) => latest.current.byCode.get(p.name)?.name ?? p.name },
            emphasis: { label: { show: true, color: "#1f1f1f", fontSize: 12 } },
            tooltip: {
              show: true,
              formatter: (p: { name: string }) => {
                const g = latest.current.byCode.get(p.name);
                return g
                  ? `${escapeHtml(g.name)}<br/>${escapeHtml(t(`grids.levels.${g.level}`))} · ${escapeHtml(g.areaName ?? g.areaCode)}`
                  : "";
              },
            },
            regions: [],
          },
        ],
        series: [
          // Outlines of the larger grids above the fills of the smaller ones; they let clicks through to the regions.
          {
            id: "outlines",
            type: "lines",
            coordinateSystem: "geo",
            geoIndex: 0,
            polyline: true,
            silent: true,
            z: 5,
            data: drawn
              .filter((g) => g.level !== "compound")
              .slice()
              .sort((a, b) => (a.level === b.level ? 0 : a.level === "street" ? 1 : -1))
              .flatMap((g) =>
                ringsOf(g).map((ring) => ({
                  coords: ring,
                  lineStyle: { color: LEVEL_STYLE[g.level].borderColor, width: LEVEL_STYLE[g.level].borderWidth, opacity: 0.9 },
                })),
              ),
          },
          { id: "marker", type: "scatter", coordinateSystem: "geo", geoIndex: 0, data: [], symbol: "pin", symbolSize: 34, z: 10 },
        ],
      },
      { notMerge: true },
    );
  }, [lib, ready, mapName, drawn, bbox, t]);

  // Styles of the regions (level, selected, located) and the marker: merged in, keeping zoom and pan.
  useEffect(() => {
    const chart = chartRef.current;
    if (!lib || !chart || ready === 0 || !bbox) return;
    const regions = drawn.map((g) => {
      const base = LEVEL_STYLE[g.level];
      const style = g.id === highlightId ? LOCATED : g.id === selectedId ? SELECTED : base;
      const emphasised = g.id === highlightId || g.id === selectedId;
      return {
        name: g.code,
        itemStyle: { areaColor: style.areaColor, borderColor: style.borderColor, borderWidth: style.borderWidth },
        emphasis: { itemStyle: { areaColor: emphasised ? style.areaColor : base.hover } },
        label: emphasised ? { show: true, color: "#1f1f1f", fontWeight: 600 as const } : undefined,
      };
    });
    chart.setOption({
      geo: [{ regions }],
      series: [{ id: "marker", data: marker ? [[marker[0], marker[1]]] : [], itemStyle: { color: "#c8161d" } }],
    });
  }, [lib, ready, drawn, bbox, selectedId, highlightId, marker]);

  const zoom = (factor: number | null) => {
    const chart = chartRef.current;
    if (!chart) return;
    if (factor === null) {
      chart.setOption({ geo: [{ zoom: 1, center: bbox ? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2] : undefined }] });
      return;
    }
    const option = chart.getOption() as { geo?: { zoom?: number }[] };
    const current = option.geo?.[0]?.zoom ?? 1;
    chart.setOption({ geo: [{ zoom: Math.min(80, Math.max(0.5, current * factor)) }] });
  };

  if (loadError) return <ErrorState error={loadError} />;
  return (
    <div style={{ position: "relative", height, minHeight: 280 }} data-testid={testId}>
      {drawn.length === 0 ? (
        <Flex align="center" justify="center" style={{ height: "100%" }}>
          <EmptyState description={t("grids.map.noGeometry")} />
        </Flex>
      ) : null}
      <div
        ref={container}
        style={{
          position: "absolute",
          inset: 0,
          cursor: mode === "locate" ? "crosshair" : "default",
          visibility: drawn.length ? "visible" : "hidden",
          background:
            "repeating-linear-gradient(0deg, rgba(0,0,0,0.035) 0 1px, transparent 1px 48px), repeating-linear-gradient(90deg, rgba(0,0,0,0.035) 0 1px, transparent 1px 48px), #f7f8fa",
          borderRadius: 8,
        }}
        data-testid={`${testId}-canvas`}
        data-ready={lib && ready ? "true" : "false"}
      />
      {!lib ? (
        <div style={{ position: "absolute", inset: 0 }}>
          <PageLoading />
        </div>
      ) : null}
      {drawn.length ? (
        <>
          <Flex vertical gap={4} style={{ position: "absolute", top: 12, right: 12 }}>
            <Tooltip title={t("grids.map.zoomIn")} placement="left">
              <Button size="small" icon={<PlusOutlined />} onClick={() => zoom(1.5)} aria-label={t("grids.map.zoomIn")} />
            </Tooltip>
            <Tooltip title={t("grids.map.zoomOut")} placement="left">
              <Button size="small" icon={<MinusOutlined />} onClick={() => zoom(1 / 1.5)} aria-label={t("grids.map.zoomOut")} />
            </Tooltip>
            <Tooltip title={t("grids.map.reset")} placement="left">
              <Button size="small" icon={<CompressOutlined />} onClick={() => zoom(null)} aria-label={t("grids.map.reset")} />
            </Tooltip>
          </Flex>
          <Flex
            gap={12}
            wrap
            align="center"
            style={{
              position: "absolute",
              left: 12,
              bottom: 10,
              padding: "4px 10px",
              background: "rgba(255,255,255,0.9)",
              borderRadius: 6,
              fontSize: 12,
              pointerEvents: "none",
            }}
          >
            {(Object.keys(LEVEL_STYLE) as GridLevel[]).map((l) => (
              <Flex key={l} gap={4} align="center">
                <span
                  style={{
                    width: 12,
                    height: 12,
                    borderRadius: 2,
                    background: LEVEL_STYLE[l].areaColor,
                    border: `2px solid ${LEVEL_STYLE[l].borderColor}`,
                  }}
                />
                {t(`grids.levels.${l}`)}
              </Flex>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <AimOutlined /> <span ref={readout} data-testid="map-coords" />
            </Typography.Text>
          </Flex>
        </>
      ) : null}
    </div>
  );
}
