// The handler of a case (an assignment, a transfer, a triage, a routing rule): first its kind, then the party
// itself, chosen from the registry within the actor's scope.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Form, Input, Select } from "antd";
import type { Rule } from "antd/es/form";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { levelOfCode } from "../../shared/area-code";
import { AreaSelect } from "../areas/area-select";
import { UnitPicker } from "../registry/selects";
import { useDepartments } from "./api";

export type HandlerKind = "grid_worker" | "community" | "street" | "department" | "unit" | "volunteer_team";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

interface GridWorker {
  id: string;
  name: string;
  areaCode: string;
  areaName: string | null;
}

/** Grid workers in scope, searched by name; with `serving`, only those who serve that area. */
function GridWorkerPicker({
  value,
  onChange,
  serving,
  currentLabel,
  placeholder,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  serving?: string | null;
  currentLabel?: string | null;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const workers = useQuery({
    queryKey: ["case-handlers", "grid-workers", q, serving ?? null],
    queryFn: ({ signal }) =>
      api<{ items: GridWorker[] }>("/api/v1/case-handlers/grid-workers", { query: { q, serving: serving ?? undefined }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const list = (workers.data?.items ?? []).map((w) => ({ value: w.id, label: w.areaName ? `${w.name} · ${w.areaName}` : w.name }));
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: currentLabel ?? value });
    return list;
  }, [workers.data, value, currentLabel]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      options={options}
      loading={workers.isFetching}
      placeholder={placeholder ?? t("handlerPicker.searchWorker")}
      notFoundContent={workers.isError ? workers.error.message : t("handlerPicker.noWorker")}
      popupMatchSelectWidth={false}
      data-testid="handler-grid-worker"
    />
  );
}

interface Team {
  id: string;
  name: string;
  areaName: string;
}

/** A registered volunteer team (志愿服务队) in scope, searched by name; `label` carries its name. */
function VolunteerTeamFields({ name, currentLabel }: { name: (string | number)[]; currentLabel?: string | null }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const teams = useQuery({
    queryKey: ["volunteer-teams", "picker", q],
    queryFn: ({ signal }) => api<{ items: Team[] }>("/api/v1/volunteer-teams", { query: { q, pageSize: 20 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const value = Form.useWatch([...name, "ref"], form) as string | undefined;
  const items = teams.data?.items ?? [];
  const options = items.map((x) => ({ value: x.id, label: `${x.name} · ${x.areaName}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: currentLabel ?? value });
  return (
    <>
      <Form.Item
        name={[...name, "ref"]}
        label={t("caseDesk.handlerKinds.volunteer_team")}
        rules={[{ required: true, message: t("validation.required") }]}
      >
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          allowClear
          options={options}
          loading={teams.isFetching}
          placeholder={t("handlerPicker.searchTeam")}
          notFoundContent={teams.isError ? teams.error.message : t("handlerPicker.noTeam")}
          popupMatchSelectWidth={false}
          onChange={(id?: string) => form.setFieldValue([...name, "label"], items.find((x) => x.id === id)?.name)}
          data-testid="handler-team"
        />
      </Form.Item>
      <Form.Item name={[...name, "label"]} hidden>
        <Input />
      </Form.Item>
    </>
  );
}

/** The community or street a case in `areaCode` lies in. */
export function ownArea(kind: "community" | "street", areaCode: string | null | undefined): string | undefined {
  if (!areaCode || areaCode.length < 12) return undefined;
  const code = kind === "community" ? areaCode.slice(0, 12) : `${areaCode.slice(0, 9)}000`;
  return levelOfCode(code) === kind ? code : undefined;
}

/**
 * The handler fields of a form, under `name` (`kind`, `ref`, and `label` for a volunteer team).
 * `areaCode` is the case's area: grid workers who serve it are offered and its community or street is proposed.
 * `optional`: no kind means "the routing table's proposal" (triage). `ownAllowed`: a grid worker, community or
 * street may be left empty for the case's own (routing rules).
 */
export function HandlerFields({
  kinds,
  name = ["handler"],
  areaCode,
  optional = false,
  ownAllowed = false,
  currentLabel,
}: {
  kinds: readonly HandlerKind[];
  name?: (string | number)[];
  areaCode?: string | null;
  optional?: boolean;
  ownAllowed?: boolean;
  currentLabel?: string | null;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const departments = useDepartments();
  const kind = Form.useWatch([...name, "kind"], form) as HandlerKind | undefined;
  const own = ownAllowed && (kind === "grid_worker" || kind === "community" || kind === "street");
  const required: Rule[] = own ? [] : [{ required: true, message: t("validation.required") }];
  const refName = [...name, "ref"];
  const partyLabel = kind ? t(`caseDesk.handlerKinds.${kind}`) : t("caseDesk.handler");

  const onKind = (k: HandlerKind | undefined) => {
    const proposed = !ownAllowed && (k === "community" || k === "street") ? ownArea(k, areaCode) : undefined;
    form.setFieldValue(refName, proposed);
    form.setFieldValue([...name, "label"], undefined);
  };

  let party: React.ReactNode = null;
  if (kind === "grid_worker") {
    party = (
      <Form.Item
        name={refName}
        label={partyLabel}
        rules={required}
        extra={own ? t("handlerPicker.ownWorker") : areaCode ? t("handlerPicker.servingHelp") : undefined}
      >
        <GridWorkerPicker
          serving={areaCode}
          currentLabel={currentLabel}
          placeholder={own ? t("handlerPicker.ownWorkerPlaceholder") : undefined}
        />
      </Form.Item>
    );
  } else if (kind === "community" || kind === "street") {
    party = (
      <Form.Item
        name={refName}
        label={partyLabel}
        extra={own ? t(`handlerPicker.own.${kind}`) : undefined}
        rules={[
          ...required,
          {
            validator: async (_, v: string | undefined) => {
              if (v && levelOfCode(v) !== kind) throw new Error(t(`handlerPicker.pickLevel.${kind}`));
            },
          },
        ]}
      >
        <AreaSelect
          placeholder={own ? t(`handlerPicker.ownPlaceholder.${kind}`) : t(`handlerPicker.pickLevel.${kind}`)}
          testId="handler-area"
        />
      </Form.Item>
    );
  } else if (kind === "department") {
    party = (
      <Form.Item name={refName} label={partyLabel} rules={required}>
        <Select
          showSearch={{ optionFilterProp: "label" }}
          loading={departments.isPending}
          placeholder={t("common.searchToPick")}
          options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          data-testid="handler-department"
        />
      </Form.Item>
    );
  } else if (kind === "unit") {
    party = (
      <Form.Item name={refName} label={partyLabel} rules={required}>
        <UnitPicker currentLabel={currentLabel} testId="handler-unit" />
      </Form.Item>
    );
  } else if (kind === "volunteer_team") {
    party = <VolunteerTeamFields name={name} currentLabel={currentLabel} />;
  }

  return (
    <>
      <Form.Item
        name={[...name, "kind"]}
        label={t("caseDesk.handlerKind")}
        rules={optional ? [] : [{ required: true, message: t("validation.required") }]}
        extra={optional && !kind ? t("handlerPicker.proposalHelp") : undefined}
      >
        <Select
          allowClear={optional}
          placeholder={optional ? t("handlerPicker.useProposal") : undefined}
          options={kinds.map((k) => ({ value: k, label: t(`caseDesk.handlerKinds.${k}`) }))}
          onChange={onKind}
          data-testid="handler-kind"
        />
      </Form.Item>
      {party}
    </>
  );
}

/** The handler as the API takes it: none without a kind, and no empty ref or label. */
export function handlerBody(h: { kind?: HandlerKind; ref?: string | null; label?: string | null } | undefined) {
  if (!h?.kind) return undefined;
  const ref = typeof h.ref === "string" && h.ref.trim() ? h.ref.trim() : null;
  const label = h.label?.trim() ? h.label.trim() : undefined;
  return { kind: h.kind, ref, ...(label ? { label } : {}) };
}
