import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { PartyOrg } from "../../shared/types";

const KIND_COLORS: Partial<Record<PartyOrg["kind"], string>> = {
  working_committee: "red",
  community_committee: "volcano",
  general_branch: "orange",
  compound_branch: "gold",
  building_group: "lime",
  joint_committee: "magenta",
  regional_joint: "purple",
  featured_branch: "cyan",
  mobile_branch: "geekblue",
  grid_group: "green",
  temporary_branch: "blue",
};

/** The kind of a party organisation (with its basis for a featured branch). */
export function PartyOrgKindTag({ kind, basis }: { kind: PartyOrg["kind"]; basis?: PartyOrg["basis"] }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {basis
        ? t("partyOrgs.kindWithBasis", { kind: t(`registry.partyOrgKinds.${kind}`), basis: t(`registry.partyOrgBases.${basis}`) })
        : t(`registry.partyOrgKinds.${kind}`)}
    </Tag>
  );
}
