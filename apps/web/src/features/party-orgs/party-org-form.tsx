import { Alert, App, DatePicker, Form, Input, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../shared/api";
import { errorMessage } from "../../shared/query";
import type { PartyOrg } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { PARTY_ORG_BASES, PARTY_ORG_KINDS } from "../registry/constants";
import { GridPicker, PartyOrgPicker, PersonPicker, UnitPicker } from "../registry/selects";
import { type PartyOrgInput, useSavePartyOrg } from "./api";

interface Values {
  name: string;
  kind: PartyOrg["kind"];
  basis?: PartyOrg["basis"];
  parentId?: string | null;
  areaCode: string;
  gridId?: string | null;
  unitId?: string | null;
  secretaryPersonId?: string | null;
  establishedOn?: Dayjs | null;
}

const FIELDS = ["name", "kind", "basis", "parentId", "areaCode", "gridId", "unitId", "secretaryPersonId", "establishedOn"] as const;

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
  const [form] = Form.useForm<Values>();
  const save = useSavePartyOrg(org?.id ?? null);
  const kind = Form.useWatch("kind", form);
  const areaCode = Form.useWatch("areaCode", form);

  useEffect(() => {
    if (open) save.reset();
  }, [open, save.reset]);

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
    try {
      const saved = await save.mutateAsync(body);
      message.success(t(org ? "partyOrgs.updated" : "partyOrgs.created", { name: saved.name }));
      onClose(saved);
    } catch (err) {
      const fields = fieldErrors(err);
      form.setFields(FIELDS.filter((f) => fields[f]).map((f) => ({ name: f, errors: [fields[f] as string] })));
    }
  };

  return (
    <Modal
      open={open}
      title={org ? t("partyOrgs.edit") : t("partyOrgs.create")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={save.isPending}
      destroyOnHidden
      data-testid="party-org-form-modal"
    >
      {save.isError ? (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t("partyOrgs.columns.name")}
          rules={[
            { required: true, whitespace: true, message: t("validation.required") },
            { max: 100, message: t("validation.max", { max: 100 }) },
          ]}
        >
          <Input data-testid="party-org-name" />
        </Form.Item>
        <Form.Item name="kind" label={t("partyOrgs.columns.kind")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select
            options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: t(`registry.partyOrgKinds.${k}`) }))}
            data-testid="party-org-kind"
          />
        </Form.Item>
        {kind === "featured_branch" ? (
          <Form.Item name="basis" label={t("partyOrgs.columns.basis")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select options={PARTY_ORG_BASES.map((b) => ({ value: b, label: t(`registry.partyOrgBases.${b}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="parentId" label={t("partyOrgs.columns.parent")} extra={t("partyOrgs.form.parentHint")}>
          <PartyOrgPicker currentLabel={org?.parentName ?? defaults?.parent?.name} testId="party-org-parent" />
        </Form.Item>
        <Form.Item name="areaCode" label={t("partyOrgs.columns.area")} rules={[{ required: true, message: t("validation.required") }]}>
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
      </Form>
    </Modal>
  );
}
