// A small map of a community's grids for the report page: the resident taps where the problem is.
// Plain SVG over the grid outlines (no map tiles: the page works on any network and stays small).
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type MouseEvent, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../shared/api";
import { Skeleton } from "./adm";

type Ring = [number, number][];
interface GridOutline {
  code: string;
  name: string;
  level: "community" | "compound";
  geometry: { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
}

export interface PickedPoint {
  lat: number;
  lng: number;
}

const WIDTH = 1000;

function ringsOf(g: GridOutline): Ring[] {
  return g.geometry.type === "Polygon" ? g.geometry.coordinates : g.geometry.coordinates.flat();
}

/** Whether a point lies inside a grid (even-odd rule over all its rings). */
function contains(g: GridOutline, lng: number, lat: number): boolean {
  let inside = false;
  for (const ring of ringsOf(g)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function MapPicker({ areaCode, value, onPick }: { areaCode: string; value: PickedPoint | null; onPick: (p: PickedPoint) => void }) {
  const { t } = useTranslation();
  const svg = useRef<SVGSVGElement>(null);
  const query = useQuery({
    queryKey: ["case-areas", areaCode, "grids"],
    queryFn: ({ signal }) => api<{ grids: GridOutline[] }>(`/api/v1/case-areas/${areaCode}/grids`, { signal, allowUnauthorized: true }),
    retry: false,
  });
  const grids = query.data?.grids ?? [];

  // An equirectangular projection scaled by the cosine of the middle latitude, so the map is not stretched.
  const view = useMemo(() => {
    const pts = grids.flatMap((g) => ringsOf(g).flat());
    if (!pts.length) return null;
    const lngs = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
    const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const scale = WIDTH / Math.max((maxLng - minLng) * k, 1e-9);
    const height = Math.max((maxLat - minLat) * scale, 1);
    return {
      height,
      x: (lng: number) => (lng - minLng) * k * scale,
      y: (lat: number) => (maxLat - lat) * scale,
      lng: (x: number) => minLng + x / (k * scale),
      lat: (y: number) => maxLat - y / scale,
    };
  }, [grids]);

  if (query.isPending) return <Skeleton.Paragraph lineCount={4} animated />;
  // No grids drawn for this community: the chosen community is place enough.
  if (query.isError || !view) return null;

  const pick = (e: MouseEvent<HTMLButtonElement>) => {
    // A click made with the keyboard has no position; the key handler places the pin then.
    if (e.detail === 0) return;
    const el = svg.current;
    const ctm = el?.getScreenCTM();
    if (!el || !ctm) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    onPick({ lat: view.lat(p.y), lng: view.lng(p.x) });
  };
  // Without a pointer: Enter puts the pin in the middle, the arrow keys move it by a step of the map's width.
  const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const key = (e: KeyboardEvent<HTMLButtonElement>) => {
    const x = value ? view.x(value.lng) : WIDTH / 2;
    const y = value ? view.y(value.lat) : view.height / 2;
    const step = STEPS[e.key];
    if (!step && e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    const d = WIDTH / 50;
    onPick({ lat: view.lat(y + (step ? step[1] * d : 0)), lng: view.lng(x + (step ? step[0] * d : 0)) });
  };
  const path = (g: GridOutline) =>
    ringsOf(g)
      .map((ring) => `M${ring.map(([lng, lat]) => `${view.x(lng).toFixed(1)},${view.y(lat).toFixed(1)}`).join("L")}Z`)
      .join("");
  const compounds = grids.filter((g) => g.level === "compound");
  const hit = value
    ? (compounds.find((g) => contains(g, value.lng, value.lat)) ?? grids.find((g) => contains(g, value.lng, value.lat)))
    : null;
  const stroke = WIDTH / 300;

  return (
    <div className="gz-map" data-testid="map-picker">
      <button
        type="button"
        aria-label={t("report.mapLabel")}
        onClick={pick}
        onKeyDown={key}
        className="gz-map-area"
        data-testid="map-picker-svg"
      >
        <svg ref={svg} viewBox={`${-stroke} ${-stroke} ${WIDTH + 2 * stroke} ${view.height + 2 * stroke}`} aria-hidden="true">
          {grids.map((g) => (
            <path
              key={g.code}
              d={path(g)}
              fillRule="evenodd"
              className={g.level === "community" ? "gz-map-outline" : hit?.code === g.code ? "gz-map-grid on" : "gz-map-grid"}
              strokeWidth={g.level === "community" ? stroke * 2 : stroke}
            />
          ))}
          {compounds.map((g) => {
            const pts = ringsOf(g)[0] ?? [];
            if (!pts.length) return null;
            const cx = pts.reduce((s, p) => s + view.x(p[0]), 0) / pts.length;
            const cy = pts.reduce((s, p) => s + view.y(p[1]), 0) / pts.length;
            return (
              <text key={g.code} x={cx} y={cy} className="gz-map-label" fontSize={WIDTH / 32} textAnchor="middle">
                {g.name.replace(/网格$/, "")}
              </text>
            );
          })}
          {value ? (
            <circle cx={view.x(value.lng)} cy={view.y(value.lat)} r={WIDTH / 60} className="gz-map-pin" strokeWidth={stroke * 1.5} />
          ) : null}
        </svg>
      </button>
      <div className="gz-muted" data-testid="map-picked">
        {value ? t("report.mapPicked", { place: hit?.name ?? t("report.mapOutside") }) : t("report.mapHint")}
      </div>
    </div>
  );
}
