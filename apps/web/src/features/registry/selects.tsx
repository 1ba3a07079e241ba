// Search-as-you-type pickers of registry objects (party organisations, units, grids, people) for the forms.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { type CSSProperties, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import type { Grid, Page, PartyOrg, Person, Unit } from "../../shared/types";

interface Option {
  value: string;
  label: string;
}

interface PickerProps {
  value?: string | null;
  onChange?: (id: string | null) => void;
  /** Label of the current value until the search brings it in (e.g. the name the record already carries). */
  currentLabel?: string | null;
  /** Extra filters sent with each search (e.g. areaCode). */
  filters?: Record<string, string | undefined>;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
  disabled?: boolean;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function RemotePicker<T>({
  path,
  toOption,
  value,
  onChange,
  currentLabel,
  filters,
  placeholder,
  style,
  testId,
  disabled,
}: PickerProps & { path: string; toOption: (item: T) => Option }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const results = useQuery({
    queryKey: ["picker", path, q, filters ?? {}],
    queryFn: ({ signal }) => api<Page<T>>(path, { query: { q, pageSize: 20, ...filters }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const listed = !!value && (results.data?.items ?? []).some((item) => toOption(item).value === value);
  // The current value's own record, when neither the search nor the caller can name it.
  const own = useQuery({
    queryKey: ["picker-one", path, value],
    queryFn: ({ signal }) => api<T>(`${path}/${encodeURIComponent(value as string)}`, { signal }),
    enabled: !!value && !listed && !currentLabel,
    staleTime: 5 * 60_000,
  });
  const options = useMemo(() => {
    const list = (results.data?.items ?? []).map(toOption);
    if (value && !list.some((o) => o.value === value)) {
      list.unshift({ value, label: currentLabel ?? (own.data ? toOption(own.data).label : "…") });
    }
    return list;
  }, [results.data, toOption, value, currentLabel, own.data]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      options={options}
      loading={results.isFetching}
      placeholder={placeholder ?? t("common.searchToPick")}
      notFoundContent={results.isError ? results.error.message : t("common.empty")}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
      disabled={disabled}
      data-testid={testId}
    />
  );
}

const partyOrgOption = (o: PartyOrg): Option => ({ value: o.id, label: o.areaName ? `${o.name} · ${o.areaName}` : o.name });
const unitOption = (u: Unit): Option => ({ value: u.id, label: u.name });
const gridOption = (g: Grid): Option => ({ value: g.id, label: g.name });
const personOption = (p: Person): Option => ({ value: p.id, label: p.areaName ? `${p.name} · ${p.areaName}` : p.name });

export function PartyOrgPicker(props: PickerProps) {
  return <RemotePicker<PartyOrg> path="/api/v1/party-orgs" toOption={partyOrgOption} {...props} />;
}

export function UnitPicker(props: PickerProps) {
  return <RemotePicker<Unit> path="/api/v1/units" toOption={unitOption} {...props} />;
}

export function GridPicker(props: PickerProps) {
  return <RemotePicker<Grid> path="/api/v1/grids" toOption={gridOption} {...props} />;
}

export function PersonPicker(props: PickerProps) {
  return <RemotePicker<Person> path="/api/v1/people" toOption={personOption} {...props} />;
}
