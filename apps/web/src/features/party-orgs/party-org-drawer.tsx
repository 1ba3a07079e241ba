import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Grid as AntGrid, Button, Descriptions, Drawer, Flex, List, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EmptyState, ErrorState } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { PartyOrg } from "../../shared/types";
import { useGrid } from "../grids/api";
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
  const screens = AntGrid.useBreakpoint();
  const org = usePartyOrg(id);
  const o = org.data;
  const children = usePartyOrgs({ parentId: id ?? undefined, pageSize: 100 }, !!id && (o?.childCount ?? 0) > 0);
  const grid = useGrid(o?.gridId);
  const mayWrite = can(me, "registry.write");

  const footer = o ? (
    <Flex gap={8} justify="flex-end" wrap>
      {mayWrite ? (
        <Button icon={<PlusOutlined />} onClick={() => onAddChild(o)} data-testid="party-org-add-child">
          {t("partyOrgs.addChild")}
        </Button>
      ) : null}
      {o.abilities.update ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(o)} data-testid="party-org-edit">
          {t("common.edit")}
        </Button>
      ) : null}
    </Flex>
  ) : null;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      title={o ? o.name : t("partyOrgs.detail")}
      size={screens.md ? 520 : "100%"}
      footer={footer}
      destroyOnHidden
      data-testid="party-org-drawer"
    >
      {org.isError ? (
        <ErrorState error={org.error} onRetry={() => void org.refetch()} />
      ) : !o ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            column={1}
            bordered
            size="small"
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
              {
                key: "area",
                label: t("partyOrgs.columns.area"),
                children: <Link to={`/areas/${encodeURIComponent(o.areaCode)}`}>{o.areaName ?? o.areaCode}</Link>,
              },
              {
                key: "secretary",
                label: t("partyOrgs.columns.secretary"),
                children: o.secretaryName ? (
                  o.secretaryPersonId && can(me, "people.read") ? (
                    <Link to={`/people?id=${encodeURIComponent(o.secretaryPersonId)}`}>{o.secretaryName}</Link>
                  ) : (
                    o.secretaryName
                  )
                ) : (
                  <Typography.Text type="secondary">{t("partyOrgs.noSecretary")}</Typography.Text>
                ),
              },
              { key: "members", label: t("partyOrgs.columns.memberCount"), children: formatNumber(o.memberCount) },
              { key: "children", label: t("partyOrgs.columns.childCount"), children: formatNumber(o.childCount) },
              ...(o.gridId
                ? [
                    {
                      key: "grid",
                      label: t("partyOrgs.columns.grid"),
                      children: <Link to={`/grids?id=${encodeURIComponent(o.gridId)}`}>{grid.data?.name ?? "…"}</Link>,
                    },
                  ]
                : []),
              ...(o.unitId
                ? [
                    {
                      key: "unit",
                      label: t("partyOrgs.columns.unit"),
                      children: <Link to={`/units?id=${encodeURIComponent(o.unitId)}`}>{t("partyOrgs.viewUnit")}</Link>,
                    },
                  ]
                : []),
              { key: "established", label: t("partyOrgs.columns.establishedOn"), children: o.establishedOn ?? "—" },
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
    </Drawer>
  );
}
