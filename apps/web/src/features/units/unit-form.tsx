import { Alert, App, Form, Input, InputNumber, Modal, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../shared/api";
import { errorMessage } from "../../shared/query";
import type { Unit } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_STATUSES, STREET_RELATIONS, UNIT_KINDS } from "../registry/constants";
import { GridPicker, PartyOrgPicker } from "../registry/selects";
import { type UnitInput, useSaveUnit } from "./api";

interface Values {
  name: string;
  kind: Unit["kind"];
  streetRelation?: Unit["streetRelation"];
  areaCode: string;
  gridId?: string | null;
  partyStatus: Unit["partyStatus"];
  partyOrgId?: string | null;
  creditCode?: string;
  address?: string;
  employees?: number | null;
}

const FIELDS = [
  "name",
  "kind",
  "streetRelation",
  "areaCode",
  "gridId",
  "partyStatus",
  "partyOrgId",
  "creditCode",
  "address",
  "employees",
] as const;
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
  const [form] = Form.useForm<Values>();
  const save = useSaveUnit(unit?.id ?? null);
  const kind = Form.useWatch("kind", form);
  const partyStatus = Form.useWatch("partyStatus", form);
  const areaCode = Form.useWatch("areaCode", form);

  useEffect(() => {
    if (open) save.reset();
  }, [open, save.reset]);

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
    try {
      const saved = await save.mutateAsync(body);
      message.success(t(unit ? "units.updated" : "units.created", { name: saved.name }));
      onClose(saved);
    } catch (err) {
      const fields = fieldErrors(err);
      form.setFields(FIELDS.filter((f) => fields[f]).map((f) => ({ name: f, errors: [fields[f] as string] })));
    }
  };

  return (
    <Modal
      open={open}
      title={unit ? t("units.edit") : t("units.create")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={save.isPending}
      destroyOnHidden
      data-testid="unit-form-modal"
    >
      {save.isError ? (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t("units.columns.name")}
          rules={[
            { required: true, whitespace: true, message: t("validation.required") },
            { max: 200, message: t("validation.max", { max: 200 }) },
          ]}
        >
          <Input data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={t("units.columns.kind")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`registry.unitKinds.${k}`) }))} data-testid="unit-kind" />
        </Form.Item>
        {kind === "government" ? (
          <Form.Item name="streetRelation" label={t("units.columns.streetRelation")} extra={t("units.form.streetRelationHint")}>
            <Select allowClear options={STREET_RELATIONS.map((r) => ({ value: r, label: t(`registry.streetRelations.${r}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="areaCode" label={t("units.columns.area")} rules={[{ required: true, message: t("validation.required") }]}>
          <AreaSelect allowClear={false} testId="unit-area" />
        </Form.Item>
        <Form.Item name="gridId" label={t("units.columns.grid")}>
          <GridPicker currentLabel={unit?.gridName} filters={{ areaCode }} />
        </Form.Item>
        <Form.Item name="partyStatus" label={t("units.columns.partyStatus")} rules={[{ required: true }]}>
          <Select
            options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`registry.partyStatuses.${s}`) }))}
            data-testid="unit-party-status"
          />
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
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || CREDIT_CODE.test(value.trim().toUpperCase())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("validation.creditCode"))),
            },
          ]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="address" label={t("units.columns.address")} rules={[{ max: 200, message: t("validation.max", { max: 200 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="employees" label={t("units.columns.employees")}>
          <InputNumber min={0} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
