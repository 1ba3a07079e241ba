import { App, Form, Input, Radio } from "antd";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import { GENDERS, isValidIdNumber, PHONE_PATTERN } from "../../shared/domain";
import type { Person } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { type PersonInput, useCreatePerson, useUpdatePerson } from "./api";

/** The form holds what is sent, but the optional texts as typed (blank until filled in). */
type Values = Omit<PersonInput, "idNumber" | "phone" | "address"> & { idNumber?: string; phone?: string; address?: string };

function clean(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/**
 * Creates a person, or edits one. When editing a masked record, masked fields start empty and are
 * sent only if the user types a new value; an unmasked record (after "view full data") is prefilled.
 */
export function PersonFormModal({
  open,
  person,
  defaultAreaCode,
  onClose,
}: {
  open: boolean;
  person: Person | null;
  defaultAreaCode?: string | null;
  /** Called on cancel, and with the saved record after a successful save. */
  onClose: (saved?: Person) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const genders = useEnumOptions(GENDERS, "gender");
  const [form] = Form.useForm<Values>();
  const create = useCreatePerson();
  const update = useUpdatePerson(person?.id ?? "");
  const mutation = person ? update : create;
  const masked = !!person?.masked;

  const initialValues: Partial<Values> = person
    ? {
        name: person.name,
        gender: person.gender,
        areaCode: person.areaCode,
        idNumber: masked ? undefined : (person.idNumber ?? undefined),
        phone: masked ? undefined : (person.phone ?? undefined),
        address: masked ? undefined : (person.address ?? undefined),
      }
    : { gender: "unknown", areaCode: defaultAreaCode ?? undefined };

  const submit = async (v: Values) => {
    let body: Partial<PersonInput>;
    if (!person) {
      body = {
        name: v.name.trim(),
        gender: v.gender,
        areaCode: v.areaCode,
        idNumber: clean(v.idNumber),
        phone: clean(v.phone),
        address: clean(v.address),
      };
    } else {
      body = {};
      if (v.name.trim() !== person.name) body.name = v.name.trim();
      if (v.gender !== person.gender) body.gender = v.gender;
      if (v.areaCode !== person.areaCode) body.areaCode = v.areaCode;
      for (const key of ["idNumber", "phone", "address"] as const) {
        const next = clean(v[key]);
        if (masked ? next !== null : next !== person[key]) body[key] = next;
      }
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
    }
    const saved = person ? await update.mutateAsync(body) : await create.mutateAsync(body as PersonInput);
    message.success(t(person ? "people.updated" : "people.created", { name: saved.name }));
    onClose(saved);
  };

  const maskedHint = masked ? t("people.form.keepMasked") : undefined;
  return (
    <FormModal<Values>
      open={open}
      title={person ? t("people.edit") : t("people.create")}
      form={form}
      save={mutation}
      onClose={onClose}
      initialValues={initialValues}
      onFinish={submit}
      data-testid="person-form-modal"
      formTestId="person-form"
    >
      <Form.Item name="name" label={t("people.columns.name")} rules={rules.text(64)}>
        <Input data-testid="person-name" />
      </Form.Item>
      <Form.Item name="gender" label={t("people.columns.gender")} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={genders} />
      </Form.Item>
      <Form.Item name="areaCode" label={t("people.columns.area")} rules={rules.required} extra={t("people.form.areaHint")}>
        <AreaSelect allowClear={false} testId="person-area" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t("people.columns.idNumber")}
        extra={maskedHint ?? t("people.form.optional")}
        rules={rules.valid(isValidIdNumber, t("validation.idNumber"))}
      >
        <Input maxLength={18} placeholder={masked ? (person?.idNumber ?? undefined) : undefined} data-testid="person-id-number" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t("people.columns.phone")}
        extra={maskedHint ?? t("people.form.optional")}
        rules={rules.valid((v) => PHONE_PATTERN.test(v.trim()), t("validation.phone"))}
      >
        <Input maxLength={20} placeholder={masked ? (person?.phone ?? undefined) : undefined} data-testid="person-phone" />
      </Form.Item>
      <Form.Item name="address" label={t("people.columns.address")} extra={maskedHint ?? t("people.form.optional")} rules={rules.max(200)}>
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 3 }}
          placeholder={masked ? (person?.address ?? undefined) : undefined}
          data-testid="person-address"
        />
      </Form.Item>
    </FormModal>
  );
}
