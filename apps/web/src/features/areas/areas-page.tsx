import { ApartmentOutlined, ProfileOutlined, TeamOutlined } from "@ant-design/icons";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { Breadcrumb, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Tree, type TreeDataNode, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ListCard, SearchInput } from "../../app/list";
import { EmptyState, ErrorState, IconTitle, PageHeader } from "../../app/ui";
import { pathFrom } from "../../shared/area-code";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Area } from "../../shared/types";
import { areaPath } from "../registry/links";
import { areaKeys, getArea, listAreas, useArea, useScopeRoots } from "./api";
import { AreaChildrenCard, AreaTable, areaColumns, usePagedAreas } from "./area-children";
import { LevelTag } from "./level-tag";

/** The columns of the area lists of this page: a name opens the area here, a link opens its own page. */
function useAreaColumns(onOpen: (code: string) => void) {
  const { t } = useTranslation();
  return areaColumns(
    t,
    {
      key: "name",
      title: t("areas.columns.name"),
      dataIndex: "name",
      render: (_: unknown, a: Area) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(a.code)}>
          {a.name}
        </Button>
      ),
    },
    {
      key: "detail",
      title: t("common.actions"),
      width: 90,
      render: (_: unknown, a: Area) => (
        <Link to={areaPath(a.code)} data-testid="area-detail-link">
          {t("areas.openDetail")}
        </Link>
      ),
    },
  );
}

/** The area tree on the left: loads one level at a time. */
function AreaTree({ roots, selected, onSelect }: { roots: Area[]; selected: string | null; onSelect: (code: string) => void }) {
  const queryClient = useQueryClient();
  const [treeData, setTreeData] = useState<TreeDataNode[]>(() =>
    roots.map((a) => ({ key: a.code, title: a.name, isLeaf: a.childCount === 0 })),
  );
  const [expanded, setExpanded] = useState<React.Key[]>(() => roots.map((a) => a.code));

  const load = async (node: { key: React.Key; children?: TreeDataNode[] }) => {
    if (node.children) return;
    const params = { parent: String(node.key), pageSize: 200 };
    const page = await queryClient.fetchQuery({ queryKey: areaKeys.list(params), queryFn: ({ signal }) => listAreas(params, signal) });
    const children = page.items.map((a) => ({ key: a.code, title: a.name, isLeaf: a.childCount === 0 }));
    const attach = (nodes: TreeDataNode[]): TreeDataNode[] =>
      nodes.map((n) => (n.key === node.key ? { ...n, children } : n.children ? { ...n, children: attach(n.children) } : n));
    setTreeData((prev) => attach(prev));
  };

  return (
    <Tree
      showLine
      blockNode
      treeData={treeData}
      loadData={load}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => {
        const key = keys[0];
        if (key !== undefined) onSelect(String(key));
      }}
      data-testid="area-tree"
    />
  );
}

function AreaDetail({ code, rootCode, onOpen }: { code: string; rootCode: string; onOpen: (code: string) => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const area = useArea(code);
  const chain = pathFrom(rootCode, code);
  const ancestors = useQueries({
    queries: chain.map((c) => ({
      queryKey: areaKeys.one(c),
      queryFn: ({ signal }: { signal: AbortSignal }) => getArea(c, signal),
      staleTime: 300_000,
    })),
  });
  const columns = useAreaColumns(onOpen);

  if (area.isError) return <ErrorState error={area.error} onRetry={() => void area.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={chain.map((c, i) => {
          const name = ancestors[i]?.data?.name ?? c;
          return c === code
            ? { key: c, title: name }
            : {
                key: c,
                title: (
                  <a
                    href={`?code=${c}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpen(c);
                    }}
                  >
                    {name}
                  </a>
                ),
              };
        })}
        data-testid="area-breadcrumb"
      />
      <Card
        title={area.data ? area.data.name : <Skeleton.Input active size="small" />}
        extra={
          area.data ? (
            <Flex gap={8} wrap>
              {can(me, "people.read") ? (
                <Link to={`/people?areaCode=${encodeURIComponent(code)}`}>
                  <Button icon={<TeamOutlined />}>{t("areas.viewPeople")}</Button>
                </Link>
              ) : null}
              <Link to={areaPath(code)}>
                <Button type="primary" icon={<ProfileOutlined />} data-testid="area-open-detail">
                  {t("areas.openDetail")}
                </Button>
              </Link>
            </Flex>
          ) : null
        }
        data-testid="area-detail"
      >
        {area.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <Descriptions
            column={{ xs: 1, sm: 2, lg: 4 }}
            size="small"
            items={[
              { key: "code", label: t("areas.columns.code"), children: <Typography.Text copyable>{area.data.code}</Typography.Text> },
              { key: "level", label: t("areas.columns.level"), children: <LevelTag level={area.data.level} /> },
              { key: "childCount", label: t("areas.columns.childCount"), children: formatNumber(area.data.childCount) },
              {
                key: "parent",
                label: t("areas.parent"),
                children: area.data.parentCode ? <Typography.Text code>{area.data.parentCode}</Typography.Text> : "—",
              },
            ]}
          />
        )}
      </Card>
      <AreaChildrenCard code={code} abilities={area.data?.abilities} title={t("areas.children")} columns={columns} />
    </Flex>
  );
}

function SearchResults({ q, onOpen }: { q: string; onOpen: (code: string) => void }) {
  const { t } = useTranslation();
  const results = usePagedAreas({ q });
  const columns = useAreaColumns(onOpen);
  if (results.query.isError) return <ErrorState error={results.query.error} onRetry={() => void results.query.refetch()} />;
  return (
    <ListCard title={t("areas.searchResults", { q })}>
      <AreaTable areas={results} columns={columns} empty={t("areas.noResults")} testId="area-search-results" />
    </ListCard>
  );
}

/** 区划: browse the area tree of the actor's scope, and search it by name or code; an area opens on its own page. */
export function AreasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const roots = useScopeRoots();
  const rootCode = roots.data?.items[0]?.code ?? null;
  const code = params.get("code") ?? rootCode;

  const open = (c: string) => setParams({ code: c });

  return (
    <>
      <PageHeader
        title={t("areas.title")}
        description={t("areas.description")}
        extra={
          <SearchInput
            value={q}
            onChange={(text) => setParams(text ? { q: text } : code ? { code } : {})}
            placeholder={t("areas.searchPlaceholder")}
            width={280}
            testId="area-search"
          />
        }
      />
      {roots.isError ? (
        <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />
      ) : roots.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : !rootCode ? (
        <Card>
          <EmptyState description={t("areas.noScope")} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={7}>
            <Card
              title={<IconTitle icon={<ApartmentOutlined />}>{t("areas.tree")}</IconTitle>}
              styles={{ body: { maxHeight: "70vh", overflow: "auto" } }}
            >
              <AreaTree roots={roots.data.items} selected={q ? null : code} onSelect={open} />
            </Card>
          </Col>
          <Col xs={24} lg={17}>
            {q ? (
              <SearchResults key={q} q={q} onOpen={open} />
            ) : code ? (
              <AreaDetail key={code} code={code} rootCode={rootCode} onOpen={open} />
            ) : null}
          </Col>
        </Row>
      )}
    </>
  );
}
