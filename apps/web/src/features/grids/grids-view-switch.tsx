import { EnvironmentOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { can } from "../../shared/domain";
import { useMe } from "../../shared/query";
import { ExcelActions } from "../registry/excel";
import type { GridListParams } from "./api";

/** Switches between the grid list and the grid map, keeping the area filter. */
function GridsViewSwitch({ value, areaCode }: { value: "list" | "map"; areaCode?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qs = areaCode ? `?areaCode=${encodeURIComponent(areaCode)}` : "";
  return (
    <Segmented
      value={value}
      options={[
        { value: "list", label: t("grids.views.list"), icon: <UnorderedListOutlined /> },
        { value: "map", label: t("grids.views.map"), icon: <EnvironmentOutlined /> },
      ]}
      onChange={(v) => navigate(v === "map" ? `/grids/map${qs}` : `/grids${qs}`)}
      data-testid="grids-view-switch"
    />
  );
}

/** The actions of the grid pages: list or map, then the Excel export of the grids as filtered, and the import. */
export function GridsActions({ view, filters }: { view: "list" | "map"; filters: Partial<GridListParams> }) {
  const me = useMe().data;
  return (
    <>
      <GridsViewSwitch value={view} areaCode={filters.areaCode} />
      <ExcelActions path="/api/v1/grids/export.xlsx" filters={filters} imports={can(me, "registry.write") && [{ kind: "grids" }]} />
    </>
  );
}
