import { App, Form, Input, InputNumber, Select } from "antd";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import type { Unit } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_STATUSES, STREET_RELATIONS, UNIT_KINDS } from "../registry/constants";
import { GridPicker, PartyOrgPicker } from "../registry/selects";
import { type UnitInput, useSaveUnit } from "./api";

/** The form holds what is sent, but the optional texts as typed (blank until filled in). */
type Values = Omit<UnitInput, "creditCode" | "address"> & { creditCode?: string; address?: string };

/** 统一社会信用代码: 18 characters without I, O, S, V, Z. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Registers a unit, or edits one. The relation to the street applies to government units (机关事业单位) only. */
export function UnitFormModal({
  open,
  unit,
  defaultAreaCode,
  onClose,
}: {
  open: boolean;
  unit: Unit | null;
  defaultAreaCode?: string | null;
  onClose: (saved?: Unit) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const kinds = useEnumOptions(UNIT_KINDS, "registry.unitKinds");
  const relations = useEnumOptions(STREET_RELATIONS, "registry.streetRelations");
  const statuses = useEnumOptions(PARTY_STATUSES, "registry.partyStatuses");
  const [form] = Form.useForm<Values>();
  const save = useSaveUnit(unit?.id ?? null);
  const kind = Form.useWatch("kind", form);
  const partyStatus = Form.useWatch("partyStatus", form);
  const areaCode = Form.useWatch("areaCode", form);

  const initialValues: Partial<Values> = unit
    ? {
        name: unit.name,
        kind: unit.kind,
        streetRelation: unit.streetRelation,
        areaCode: unit.areaCode,
        gridId: unit.gridId,
        partyStatus: unit.partyStatus,
        partyOrgId: unit.partyOrgId,
        creditCode: unit.creditCode ?? undefined,
        address: unit.address ?? undefined,
        employees: unit.employees,
      }
    : { areaCode: defaultAreaCode ?? undefined, partyStatus: "none" };

  const submit = async (v: Values) => {
    const body: UnitInput = {
      name: v.name.trim(),
      kind: v.kind,
      streetRelation: v.kind === "government" ? (v.streetRelation ?? null) : null,
      areaCode: v.areaCode,
      gridId: v.gridId ?? null,
      partyStatus: v.partyStatus,
      partyOrgId: v.partyStatus === "none" ? null : (v.partyOrgId ?? null),
      creditCode: v.creditCode?.trim() ? v.creditCode.trim().toUpperCase() : null,
      address: v.address?.trim() ? v.address.trim() : null,
      employees: v.employees ?? null,
    };
    const saved = await save.mutateAsync(body);
    message.success(t(unit ? "units.updated" : "units.created", { name: saved.name }));
    onClose(saved);
  };

  return (
    <FormModal<Values>
      open={open}
      title={unit ? t("units.edit") : t("units.create")}
      form={form}
      save={save}
      onClose={onClose}
      initialValues={initialValues}
      onFinish={submit}
      data-testid="unit-form-modal"
    >
      <Form.Item name="name" label={t("units.columns.name")} rules={rules.text(200)}>
        <Input data-testid="unit-name" />
      </Form.Item>
      <Form.Item name="kind" label={t("units.columns.kind")} rules={rules.required}>
        <Select options={kinds} data-testid="unit-kind" />
      </Form.Item>
      {kind === "government" ? (
        <Form.Item name="streetRelation" label={t("units.columns.streetRelation")} extra={t("units.form.streetRelationHint")}>
          <Select allowClear options={relations} />
        </Form.Item>
      ) : null}
      <Form.Item name="areaCode" label={t("units.columns.area")} rules={rules.required}>
        <AreaSelect allowClear={false} testId="unit-area" />
      </Form.Item>
      <Form.Item name="gridId" label={t("units.columns.grid")}>
        <GridPicker currentLabel={unit?.gridName} filters={{ areaCode }} />
      </Form.Item>
      <Form.Item name="partyStatus" label={t("units.columns.partyStatus")} rules={[{ required: true }]}>
        <Select options={statuses} data-testid="unit-party-status" />
      </Form.Item>
      {partyStatus && partyStatus !== "none" ? (
        <Form.Item
          name="partyOrgId"
          label={t("units.columns.partyOrg")}
          extra={partyStatus === "own" ? t("units.form.ownOrgHint") : t("units.form.jointOrgHint")}
        >
          <PartyOrgPicker currentLabel={unit?.partyOrgName} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="creditCode"
        label={t("units.columns.creditCode")}
        extra={t("people.form.optional")}
        rules={rules.valid((v) => CREDIT_CODE.test(v.trim().toUpperCase()), t("validation.creditCode"))}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="address" label={t("units.columns.address")} rules={rules.max(200)}>
        <Input />
      </Form.Item>
      <Form.Item name="employees" label={t("units.columns.employees")}>
        <InputNumber min={0} precision={0} style={{ width: "100%" }} />
      </Form.Item>
    </FormModal>
  );
}
