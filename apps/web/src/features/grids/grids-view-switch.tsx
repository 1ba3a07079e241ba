import { EnvironmentOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/** Switches between the grid list and the grid map, keeping the area filter. */
export function GridsViewSwitch({ value, areaCode }: { value: "list" | "map"; areaCode?: string }) {
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
