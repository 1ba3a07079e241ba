// The drawer that shows one record, and the label-value rows of a record.
import { EditOutlined } from "@ant-design/icons";
import type { UseQueryResult } from "@tanstack/react-query";
import { Button, Descriptions, type DescriptionsProps, Drawer, type DrawerProps, Flex, Grid, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "./ui";

/**
 * A drawer with one record: a skeleton until the record arrives, its error with a retry, then `children(record)`;
 * `actions(record)`, unless null, go in the footer. On wide screens it opens on the right, `width` wide; on narrow
 * ones as `narrow` says (full width by default).
 */
export function DetailDrawer<T>({
  query,
  width,
  narrow = { size: "100%" },
  skeletonRows = 8,
  actions,
  children,
  ...drawer
}: Omit<DrawerProps, "size" | "placement" | "destroyOnHidden" | "footer" | "children"> & {
  query: Pick<UseQueryResult<T>, "data" | "error" | "isError" | "refetch">;
  width: number;
  narrow?: { placement?: DrawerProps["placement"]; size: DrawerProps["size"] };
  skeletonRows?: number;
  actions?: (record: T) => ReactNode;
  children: (record: T) => ReactNode;
}) {
  const screens = Grid.useBreakpoint();
  const footer = query.data === undefined || !actions ? null : actions(query.data);
  return (
    <Drawer
      {...drawer}
      placement={screens.md ? "right" : (narrow.placement ?? "right")}
      size={screens.md ? width : narrow.size}
      footer={
        footer === null ? null : (
          <Flex gap={8} justify="flex-end" wrap>
            {footer}
          </Flex>
        )
      }
      destroyOnHidden
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data === undefined ? (
        <Skeleton active paragraph={{ rows: skeletonRows }} />
      ) : (
        children(query.data)
      )}
    </Drawer>
  );
}

type DetailItem = NonNullable<DescriptionsProps["items"]>[number];

/** A record's fields, a label and a value a row; a value that is null or undefined shows as —, an item that is false is left out. */
export function DetailList({ items, bordered = true }: { items: (DetailItem | false)[]; bordered?: boolean }) {
  return (
    <Descriptions
      column={1}
      bordered={bordered}
      size="small"
      items={items.flatMap((item) => (item ? [{ ...item, children: item.children ?? "—" }] : []))}
    />
  );
}

/** 编辑, the primary action of a record's drawer. */
export function EditButton({ onClick, testId }: { onClick: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Button type="primary" icon={<EditOutlined />} onClick={onClick} data-testid={testId}>
      {t("common.edit")}
    </Button>
  );
}
