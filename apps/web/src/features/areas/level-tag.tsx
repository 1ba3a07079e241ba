import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Area } from "../../shared/types";

const LEVEL_COLORS: Record<Area["level"], string> = {
  province: "magenta",
  city: "red",
  district: "volcano",
  street: "orange",
  community: "green",
  compound: "cyan",
  building: "blue",
};

/** The level of an area as a coloured tag. */
export function LevelTag({ level }: { level: Area["level"] }) {
  const { t } = useTranslation();
  return <Tag color={LEVEL_COLORS[level]}>{t(`levels.${level}`)}</Tag>;
}
