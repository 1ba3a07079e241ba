// Building blocks of the console's list pages: filters, paging and the open record kept in the URL, the card with
// its filter bar, and the table of a list query with its loading, empty and error states.
import { PlusOutlined } from "@ant-design/icons";
import type { UseQueryResult } from "@tanstack/react-query";
import { Button, Card, type CardProps, Flex, Input, Select, Table, type TablePaginationConfig, type TableProps, Typography } from "antd";
import { createContext, type ReactNode, useContext } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useEnumOptions } from "./form";
import { useSearchUpdate } from "./search-params";
import { EmptyState, ErrorState } from "./ui";

/** Rows a page of the lists paged in the URL. */
export const PAGE_SIZE = 20;

/**
 * A list page's state in the URL: the filters named by `keys` (`F` types them, usually the list's API parameters),
 * the page (`page`, absent on the first), and the record open in a drawer (`id`).
 */
export function useListParams<F extends object>(keys: readonly (keyof F & string)[]) {
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const filters: Record<string, string | undefined> = {};
  for (const key of keys) filters[key] = params.get(key) ?? undefined;
  const page = Number(params.get("page") ?? "1") || 1;
  const pagination: Omit<TablePaginationConfig, "total" | "showTotal"> = {
    current: page,
    pageSize: PAGE_SIZE,
    showSizeChanger: false,
    onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
  };
  /** Changes filters (or other parameters) and goes back to the first page. */
  const filter = (changes: Record<string, string | undefined>) => update({ ...changes, page: undefined });
  return {
    params,
    update,
    filters: filters as Partial<F>,
    /** Whether any filter is set (an empty list then means "no match" rather than "nothing yet"). */
    filtered: keys.some((key) => !!filters[key]),
    filter,
    /** `value` and `onChange` of the control that sets one filter (an empty value removes it). */
    filterProps: <K extends keyof F & string>(key: K) => ({
      value: filters[key] as F[K] | undefined,
      onChange: (value: F[K] | null | undefined) => filter({ [key]: (value ?? undefined) as string | undefined }),
    }),
    page,
    pagination,
    openId: params.get("id"),
    open: (id: string) => update({ id }),
    close: () => update({ id: undefined }),
  };
}

const InsetContext = createContext<number | string>(16);

/** A list in a card: an optional bar of filters on top, then the list; `title` and `extra` make it a titled card. */
export function ListCard({ filters, children, ...card }: Omit<CardProps, "styles"> & { filters?: ReactNode }) {
  return (
    <Card styles={{ body: { padding: 0 } }} {...card}>
      {filters ? (
        <Flex gap={12} wrap style={{ padding: 16 }} align="center">
          {filters}
        </Flex>
      ) : null}
      <InsetContext value={filters ? "0 16px 16px" : 16}>{children}</InsetContext>
    </Card>
  );
}

/** Content of a list card other than its table (an error, a tree), kept off the card's edges. */
export function ListInset({ children }: { children: ReactNode }) {
  const padding = useContext(InsetContext);
  return <div style={{ padding }}>{children}</div>;
}

/** A query for a list: its items and, when paged, their total. */
type ListQuery<T> = Pick<UseQueryResult<{ items: T[]; total: number }>, "data" | "error" | "isError" | "isFetching" | "refetch">;

/** The table of a list query: loading while it fetches, its error with a retry, an empty state, the total by the pager. */
export function QueryTable<T extends object>({
  query,
  empty,
  emptyAction,
  pagination,
  ...table
}: Omit<TableProps<T>, "dataSource" | "loading" | "locale" | "pagination"> & {
  query: ListQuery<T>;
  /** What an empty list says. */
  empty: ReactNode;
  emptyAction?: ReactNode;
  pagination: Omit<TablePaginationConfig, "total" | "showTotal"> | false;
}) {
  const { t } = useTranslation();
  if (query.isError) {
    return (
      <ListInset>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </ListInset>
    );
  }
  return (
    <Table<T>
      size="middle"
      rowKey="id"
      {...table}
      dataSource={query.data?.items ?? []}
      loading={query.isFetching}
      locale={{ emptyText: <EmptyState description={empty} action={emptyAction} /> }}
      pagination={pagination && { ...pagination, total: query.data?.total ?? 0, showTotal: (total) => t("common.total", { count: total }) }}
    />
  );
}

/** The search box of a list: `onChange` follows each search made, with the text trimmed (undefined for none). */
export function SearchInput({
  value,
  onChange,
  placeholder,
  width,
  testId,
}: {
  value?: string;
  onChange: (q: string | undefined) => void;
  placeholder: string;
  width: number;
  testId: string;
}) {
  return (
    <Input.Search
      key={value ?? ""}
      defaultValue={value}
      allowClear
      placeholder={placeholder}
      onSearch={(text) => onChange(text.trim() || undefined)}
      style={{ width }}
      data-testid={testId}
    />
  );
}

/** A list filter on one value of an enumeration, labelled `<labels>.<value>`; clearing it removes the filter. */
export function FilterSelect<V extends string>({
  values,
  labels,
  value,
  onChange,
  placeholder,
  width,
  popupMatchSelectWidth,
  testId,
}: {
  values: readonly V[];
  labels: string;
  value?: V;
  onChange: (value: V | undefined) => void;
  placeholder: string;
  width: number;
  popupMatchSelectWidth?: boolean;
  testId: string;
}) {
  const options = useEnumOptions(values, labels);
  return (
    <Select<V>
      allowClear
      value={value}
      placeholder={placeholder}
      onChange={onChange}
      options={options}
      style={{ width }}
      popupMatchSelectWidth={popupMatchSelectWidth}
      data-testid={testId}
    />
  );
}

/** The primary action of a list page that registers a new record. */
export function CreateButton({ onClick, testId, children }: { onClick: () => void; testId: string; children: ReactNode }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}

/** A cell's value, or a dimmed — when there is none. */
export function orDash(value: ReactNode) {
  return value ?? <Typography.Text type="secondary">—</Typography.Text>;
}
