import { Flex, type TableColumnsType, type TableColumnType, Typography } from "antd";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ListCard, PAGE_SIZE, QueryTable } from "../../app/list";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { Area } from "../../shared/types";
import { ExcelActions } from "../registry/excel";
import { type AreaListParams, useAreaList } from "./api";
import { LevelTag } from "./level-tag";

/** The columns of an area list: the given name column, then code, level and number of children, then `more`. */
export function areaColumns(t: TFunction, name: TableColumnType<Area>, ...more: TableColumnType<Area>[]): TableColumnsType<Area> {
  return [
    name,
    {
      key: "code",
      title: t("areas.columns.code"),
      dataIndex: "code",
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    { key: "level", title: t("areas.columns.level"), dataIndex: "level", render: (l: Area["level"]) => <LevelTag level={l} /> },
    {
      key: "childCount",
      title: t("areas.columns.childCount"),
      dataIndex: "childCount",
      align: "right",
      render: (n: number) => formatNumber(n),
    },
    ...more,
  ];
}

/** Areas a page at a time (the children of one, or a search): the list query and the paging of its table. */
export function usePagedAreas(params: Omit<AreaListParams, "page" | "pageSize">) {
  const [page, setPage] = useState(1);
  const query = useAreaList({ ...params, page, pageSize: PAGE_SIZE });
  return { query, pagination: { current: page, pageSize: PAGE_SIZE, onChange: setPage, hideOnSinglePage: true } };
}

/** The table of a page of areas. */
export function AreaTable({
  areas,
  columns,
  empty,
  testId,
}: {
  areas: ReturnType<typeof usePagedAreas>;
  columns: TableColumnsType<Area>;
  empty: string;
  testId: string;
}) {
  return (
    <QueryTable<Area>
      rowKey="code"
      query={areas.query}
      columns={columns}
      scroll={{ x: 520 }}
      empty={empty}
      pagination={areas.pagination}
      data-testid={testId}
    />
  );
}

/** An area's children, with the Excel export of them and, for those who may edit the area, the import. */
export function AreaChildrenCard({
  code,
  abilities,
  title,
  columns,
}: {
  code: string;
  /** The area's abilities, once it is loaded. */
  abilities: Area["abilities"] | undefined;
  title: ReactNode;
  columns: TableColumnsType<Area>;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const children = usePagedAreas({ parent: code });
  return (
    <ListCard
      title={title}
      extra={
        <Flex gap={8} wrap>
          <ExcelActions
            path="/api/v1/areas/export.xlsx"
            filters={{ parent: code }}
            imports={can(me, "areas.write") && !!abilities?.update && [{ kind: "areas" }]}
          />
        </Flex>
      }
    >
      <AreaTable areas={children} columns={columns} empty={t("areas.noChildren")} testId="area-children" />
    </ListCard>
  );
}
