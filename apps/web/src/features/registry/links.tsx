// Links between the registry's records: an area's page, and a record opened in the drawer of its list.
import { Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { can } from "../../shared/domain";
import { useMe } from "../../shared/query";
import type { Permission } from "../../shared/types";

export function areaPath(code: string): string {
  return `/areas/${encodeURIComponent(code)}`;
}

/** An area's name (its code until the name is known), linking to the area's page. */
export function AreaLink({ code, name }: { code: string; name?: string | null }) {
  return <Link to={areaPath(code)}>{name ?? code}</Link>;
}

/** The registry lists whose records open in a drawer from `?id=`. */
export type RecordList = "grids" | "party-orgs" | "units" | "people";

/** Lists that not every registry reader may open. */
const LIST_PERMISSIONS: Partial<Record<RecordList, Permission>> = { people: "people.read" };

/** Opens a record in the drawer of its list; — when there is no record. */
export function RecordLink({ list, id, label }: { list: RecordList; id: string | null | undefined; label: ReactNode }) {
  if (!id) return <>—</>;
  return <Link to={`/${list}?id=${encodeURIComponent(id)}`}>{label}</Link>;
}

/**
 * The name of a related record: a link to it when it is known and the actor may open its list, the plain name
 * otherwise, and `none` (dimmed) when there is no such record.
 */
export function RecordName({ list, id, name, none }: { list: RecordList; id: string | null; name: string | null; none: string }) {
  const me = useMe().data;
  if (!name) return <Typography.Text type="secondary">{none}</Typography.Text>;
  const permission = LIST_PERMISSIONS[list];
  if (!id || (permission && !can(me, permission))) return <>{name}</>;
  return <RecordLink list={list} id={id} label={name} />;
}
