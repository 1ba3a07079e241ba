// Columns that the registry lists share.
import { Button, type TableColumnType, Typography } from "antd";
import type { TFunction } from "i18next";
import { AreaLink } from "./links";

const NAME_STYLE = { padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" } as const;

/** The first column of a registry list: the record's name, which opens it in the list's drawer. */
export function nameColumn<T extends { id: string; name: string }>({
  title,
  width,
  onOpen,
  testId,
}: {
  title: string;
  width: number;
  onOpen: (id: string) => void;
  testId: string;
}): TableColumnType<T> {
  return {
    key: "name",
    title,
    dataIndex: "name",
    fixed: "left",
    width,
    render: (name: string, record) => (
      <Button type="link" style={NAME_STYLE} onClick={() => onOpen(record.id)} data-testid={testId}>
        {name}
      </Button>
    ),
  };
}

/** The area a record belongs to, linking to the area's page. */
export function areaColumn<T extends { areaCode: string; areaName: string | null }>(title: string, width: number): TableColumnType<T> {
  return {
    key: "area",
    title,
    dataIndex: "areaName",
    width,
    render: (name: string | null, record) => <AreaLink code={record.areaCode} name={name} />,
  };
}

/** The last column of a registry list: 编辑 on the records the actor may update. */
export function editColumn<T extends { abilities: { update: boolean } }>(t: TFunction, onEdit: (record: T) => void): TableColumnType<T> {
  return {
    key: "actions",
    title: t("common.actions"),
    width: 80,
    render: (_: unknown, record) =>
      record.abilities.update ? <Typography.Link onClick={() => onEdit(record)}>{t("common.edit")}</Typography.Link> : null,
  };
}
