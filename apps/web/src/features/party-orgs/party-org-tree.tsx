import { Alert, Flex, Skeleton, Tree, type TreeDataNode, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorState } from "../../app/ui";
import type { PartyOrg } from "../../shared/types";
import { usePartyOrgs } from "./api";
import { PartyOrgKindTag } from "./kind-tag";

/** Most organisations the tree view builds at once (one page of the list). */
const TREE_LIMIT = 200;

/** The organisations of an area as a tree; those whose parent is outside the list (or who have none) are its roots. */
export function PartyOrgTree({ areaCode, onOpen }: { areaCode?: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const orgs = usePartyOrgs({ areaCode, pageSize: TREE_LIMIT });
  const { treeData, keys } = useMemo(() => {
    const items = orgs.data?.items ?? [];
    const ids = new Set(items.map((o) => o.id));
    const children = new Map<string | null, PartyOrg[]>();
    for (const o of items) {
      const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
      children.set(parent, [...(children.get(parent) ?? []), o]);
    }
    const build = (parent: string | null): TreeDataNode[] =>
      (children.get(parent) ?? []).map((o) => ({
        key: o.id,
        title: (
          <Flex gap={8} align="center" wrap>
            <span>{o.name}</span>
            <PartyOrgKindTag kind={o.kind} basis={o.basis} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("partyOrgs.membersShort", { count: o.memberCount })}
            </Typography.Text>
          </Flex>
        ),
        children: build(o.id),
      }));
    const roots = build(null);
    return { treeData: roots, keys: roots.map((n) => n.key) };
  }, [orgs.data, t]);

  if (orgs.isError) return <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />;
  if (orgs.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (treeData.length === 0) return <EmptyState description={t("partyOrgs.empty")} />;
  return (
    <Flex vertical gap={12}>
      {orgs.data.total > TREE_LIMIT ? (
        <Alert type="info" showIcon title={t("partyOrgs.treeLimited", { shown: TREE_LIMIT, total: orgs.data.total })} />
      ) : null}
      <Tree
        key={areaCode ?? ""}
        showLine
        blockNode
        treeData={treeData}
        defaultExpandedKeys={keys}
        onSelect={(selected) => {
          const key = selected[0];
          if (key !== undefined) onOpen(String(key));
        }}
        data-testid="party-org-tree"
      />
    </Flex>
  );
}
