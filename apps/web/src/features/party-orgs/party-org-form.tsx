import { App, DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import type { PartyOrg } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_ORG_BASES, PARTY_ORG_KINDS } from "../registry/constants";
import { GridPicker, PartyOrgPicker, PersonPicker, UnitPicker } from "../registry/selects";
import { type PartyOrgInput, useSavePartyOrg } from "./api";

/** The form holds what is sent, but the founding date as a day of the date picker. */
type Values = Omit<PartyOrgInput, "establishedOn"> & { establishedOn?: Dayjs | null };

/** Registers a party organisation, or edits one; the server checks the tree rules (which kind nests under which). */
export function PartyOrgFormModal({
  open,
  org,
  defaults,
  onClose,
}: {
  open: boolean;
  org: PartyOrg | null;
  defaults?: { areaCode?: string | null; parent?: PartyOrg | null };
  onClose: (saved?: PartyOrg) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const kinds = useEnumOptions(PARTY_ORG_KINDS, "registry.partyOrgKinds");
  const bases = useEnumOptions(PARTY_ORG_BASES, "registry.partyOrgBases");
  const [form] = Form.useForm<Values>();
  const save = useSavePartyOrg(org?.id ?? null);
  const kind = Form.useWatch("kind", form);
  const areaCode = Form.useWatch("areaCode", form);

  const initialValues: Partial<Values> = org
    ? {
        name: org.name,
        kind: org.kind,
        basis: org.basis,
        parentId: org.parentId,
        areaCode: org.areaCode,
        gridId: org.gridId,
        unitId: org.unitId,
        secretaryPersonId: org.secretaryPersonId,
        establishedOn: org.establishedOn ? dayjs(org.establishedOn) : null,
      }
    : {
        areaCode: defaults?.parent?.areaCode ?? defaults?.areaCode ?? undefined,
        parentId: defaults?.parent?.id ?? null,
      };

  const submit = async (v: Values) => {
    const body: PartyOrgInput = {
      name: v.name.trim(),
      kind: v.kind,
      basis: v.kind === "featured_branch" ? (v.basis ?? null) : null,
      parentId: v.parentId ?? null,
      areaCode: v.areaCode,
      gridId: v.gridId ?? null,
      unitId: v.unitId ?? null,
      secretaryPersonId: v.secretaryPersonId ?? null,
      establishedOn: v.establishedOn ? v.establishedOn.format("YYYY-MM-DD") : null,
    };
    const saved = await save.mutateAsync(body);
    message.success(t(org ? "partyOrgs.updated" : "partyOrgs.created", { name: saved.name }));
    onClose(saved);
  };

  return (
    <FormModal<Values>
      open={open}
      title={org ? t("partyOrgs.edit") : t("partyOrgs.create")}
      form={form}
      save={save}
      onClose={onClose}
      initialValues={initialValues}
      onFinish={submit}
      data-testid="party-org-form-modal"
    >
      <Form.Item name="name" label={t("partyOrgs.columns.name")} rules={rules.text(100)}>
        <Input data-testid="party-org-name" />
      </Form.Item>
      <Form.Item name="kind" label={t("partyOrgs.columns.kind")} rules={rules.required}>
        <Select options={kinds} data-testid="party-org-kind" />
      </Form.Item>
      {kind === "featured_branch" ? (
        <Form.Item name="basis" label={t("partyOrgs.columns.basis")} rules={rules.required}>
          <Select options={bases} />
        </Form.Item>
      ) : null}
      <Form.Item name="parentId" label={t("partyOrgs.columns.parent")} extra={t("partyOrgs.form.parentHint")}>
        <PartyOrgPicker currentLabel={org?.parentName ?? defaults?.parent?.name} testId="party-org-parent" />
      </Form.Item>
      <Form.Item name="areaCode" label={t("partyOrgs.columns.area")} rules={rules.required}>
        <AreaSelect allowClear={false} testId="party-org-area" />
      </Form.Item>
      <Form.Item name="secretaryPersonId" label={t("partyOrgs.columns.secretary")}>
        <PersonPicker currentLabel={org?.secretaryName} filters={{ areaCode }} />
      </Form.Item>
      <Form.Item name="gridId" label={t("partyOrgs.columns.grid")} extra={t("partyOrgs.form.gridHint")}>
        <GridPicker filters={{ areaCode }} />
      </Form.Item>
      <Form.Item name="unitId" label={t("partyOrgs.columns.unit")} extra={t("partyOrgs.form.unitHint")}>
        <UnitPicker filters={{ areaCode }} />
      </Form.Item>
      <Form.Item name="establishedOn" label={t("partyOrgs.columns.establishedOn")}>
        <DatePicker style={{ width: "100%" }} />
      </Form.Item>
    </FormModal>
  );
}
