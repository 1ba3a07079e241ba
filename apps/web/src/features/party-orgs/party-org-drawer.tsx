import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, List, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DetailDrawer, DetailList, EditButton } from "../../app/detail";
import { EmptyState, ErrorState } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { PartyOrg } from "../../shared/types";
import { useGrid } from "../grids/api";
import { AreaLink, RecordLink, RecordName } from "../registry/links";
import { usePartyOrg, usePartyOrgs } from "./api";
import { PartyOrgKindTag } from "./kind-tag";

/** One party organisation: kind, area, secretary, members, its parent and its children (each opens in turn). */
export function PartyOrgDrawer({
  id,
  onOpen,
  onClose,
  onEdit,
  onAddChild,
}: {
  id: string | null;
  onOpen: (id: string) => void;
  onClose: () => void;
  onEdit: (org: PartyOrg) => void;
  onAddChild: (parent: PartyOrg) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const org = usePartyOrg(id);
  const o = org.data;
  const children = usePartyOrgs({ parentId: id ?? undefined, pageSize: 100 }, !!id && (o?.childCount ?? 0) > 0);
  const grid = useGrid(o?.gridId);
  const mayWrite = can(me, "registry.write");

  return (
    <DetailDrawer
      open={!!id}
      onClose={onClose}
      query={org}
      title={o ? o.name : t("partyOrgs.detail")}
      width={520}
      actions={(o) => (
        <>
          {mayWrite ? (
            <Button icon={<PlusOutlined />} onClick={() => onAddChild(o)} data-testid="party-org-add-child">
              {t("partyOrgs.addChild")}
            </Button>
          ) : null}
          {o.abilities.update ? <EditButton onClick={() => onEdit(o)} testId="party-org-edit" /> : null}
        </>
      )}
      data-testid="party-org-drawer"
    >
      {(o) => (
        <Flex vertical gap={16}>
          <DetailList
            items={[
              { key: "kind", label: t("partyOrgs.columns.kind"), children: <PartyOrgKindTag kind={o.kind} basis={o.basis} /> },
              {
                key: "parent",
                label: t("partyOrgs.columns.parent"),
                children: o.parentId ? (
                  <Typography.Link onClick={() => onOpen(o.parentId as string)} data-testid="party-org-parent-link">
                    {o.parentName ?? o.parentId}
                  </Typography.Link>
                ) : (
                  <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
                ),
              },
              { key: "area", label: t("partyOrgs.columns.area"), children: <AreaLink code={o.areaCode} name={o.areaName} /> },
              {
                key: "secretary",
                label: t("partyOrgs.columns.secretary"),
                children: <RecordName list="people" id={o.secretaryPersonId} name={o.secretaryName} none={t("partyOrgs.noSecretary")} />,
              },
              { key: "members", label: t("partyOrgs.columns.memberCount"), children: formatNumber(o.memberCount) },
              { key: "children", label: t("partyOrgs.columns.childCount"), children: formatNumber(o.childCount) },
              !!o.gridId && {
                key: "grid",
                label: t("partyOrgs.columns.grid"),
                children: <RecordLink list="grids" id={o.gridId} label={grid.data?.name ?? "…"} />,
              },
              !!o.unitId && {
                key: "unit",
                label: t("partyOrgs.columns.unit"),
                children: <RecordLink list="units" id={o.unitId} label={t("partyOrgs.viewUnit")} />,
              },
              { key: "established", label: t("partyOrgs.columns.establishedOn"), children: o.establishedOn },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t("partyOrgs.children")}</Typography.Title>
            {o.childCount === 0 ? (
              <EmptyState description={t("partyOrgs.noChildren")} />
            ) : children.isError ? (
              <ErrorState error={children.error} onRetry={() => void children.refetch()} />
            ) : (
              <List
                size="small"
                bordered
                loading={children.isPending}
                dataSource={children.data?.items ?? []}
                renderItem={(c) => (
                  <List.Item
                    extra={
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t("partyOrgs.membersShort", { count: c.memberCount })}
                      </Typography.Text>
                    }
                  >
                    <Flex gap={8} align="center" wrap>
                      <PartyOrgKindTag kind={c.kind} basis={c.basis} />
                      <Typography.Link onClick={() => onOpen(c.id)} data-testid="party-org-child-link">
                        {c.name}
                      </Typography.Link>
                    </Flex>
                  </List.Item>
                )}
                data-testid="party-org-children"
              />
            )}
          </div>
        </Flex>
      )}
    </DetailDrawer>
  );
}
