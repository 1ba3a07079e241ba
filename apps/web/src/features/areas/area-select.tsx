import { useQueryClient } from "@tanstack/react-query";
import { TreeSelect } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Area } from "../../shared/types";
import { areaKeys, listAreas, useArea, useScopeRoots } from "./api";

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

function toNode(area: Area, parent: string | null): Node {
  return { id: area.code, pId: parent, value: area.code, title: area.name, isLeaf: area.childCount === 0 };
}

/** Picks an area within the actor's scope; the tree loads one level at a time. */
export function AreaSelect({
  value,
  onChange,
  placeholder,
  allowClear = true,
  style,
  testId,
}: {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roots = useScopeRoots();
  const [nodes, setNodes] = useState<Node[]>([]);
  const selected = useArea(value && !nodes.some((n) => n.value === value) ? value : null);

  useEffect(() => {
    if (roots.data) setNodes((prev) => (prev.length ? prev : roots.data.items.map((a) => toNode(a, null))));
  }, [roots.data]);

  const loadData = async (node: { value?: string | number | null }) => {
    const code = String(node.value);
    if (nodes.some((n) => n.pId === code)) return;
    const params = { parent: code, pageSize: 200 };
    const page = await queryClient.fetchQuery({
      queryKey: areaKeys.list(params),
      queryFn: ({ signal }) => listAreas(params, signal),
    });
    setNodes((prev) => {
      const known = new Set(prev.map((n) => n.id));
      return [...prev, ...page.items.filter((a) => !known.has(a.code)).map((a) => toNode(a, code))];
    });
  };

  const label = useMemo(() => {
    if (!value) return undefined;
    const node = nodes.find((n) => n.value === value);
    return node?.title ?? selected.data?.name ?? value;
  }, [value, nodes, selected.data]);

  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={nodes}
      loadData={loadData}
      labelInValue
      value={value ? { value, label } : undefined}
      onChange={(v: { value: string; label?: React.ReactNode } | undefined) => onChange?.(v?.value)}
      placeholder={placeholder ?? t("areas.selectPlaceholder")}
      allowClear={allowClear}
      loading={roots.isPending}
      showSearch={false}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
      data-testid={testId}
      notFoundContent={roots.isError ? roots.error.message : undefined}
    />
  );
}
