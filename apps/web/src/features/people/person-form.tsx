import { Alert, App, Form, Input, Modal, Radio } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../shared/api";
import { GENDERS, isValidIdNumber, PHONE_PATTERN } from "../../shared/domain";
import { errorMessage } from "../../shared/query";
import type { Person } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { type PersonInput, useCreatePerson, useUpdatePerson } from "./api";

interface Values {
  name: string;
  gender: Person["gender"];
  areaCode: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

const FIELDS = ["name", "gender", "areaCode", "idNumber", "phone", "address"] as const;

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

  useEffect(() => {
    if (open) {
      create.reset();
      update.reset();
    }
    // Clear the previous outcome each time the form opens.
  }, [open, create.reset, update.reset]);

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
    try {
      const saved = person ? await update.mutateAsync(body) : await create.mutateAsync(body as PersonInput);
      message.success(t(person ? "people.updated" : "people.created", { name: saved.name }));
      onClose(saved);
    } catch (err) {
      const fields = fieldErrors(err);
      form.setFields(FIELDS.filter((f) => fields[f]).map((f) => ({ name: f, errors: [fields[f] as string] })));
    }
  };

  const maskedHint = masked ? t("people.form.keepMasked") : undefined;
  return (
    <Modal
      open={open}
      title={person ? t("people.edit") : t("people.create")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      data-testid="person-form-modal"
    >
      {mutation.isError ? (
        <Alert type="error" showIcon title={errorMessage(mutation.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        preserve={false}
        onFinish={(v) => void submit(v)}
        data-testid="person-form"
      >
        <Form.Item
          name="name"
          label={t("people.columns.name")}
          rules={[
            { required: true, whitespace: true, message: t("validation.required") },
            { max: 64, message: t("validation.max", { max: 64 }) },
          ]}
        >
          <Input data-testid="person-name" />
        </Form.Item>
        <Form.Item name="gender" label={t("people.columns.gender")} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t("people.columns.area")}
          rules={[{ required: true, message: t("validation.required") }]}
          extra={t("people.form.areaHint")}
        >
          <AreaSelect allowClear={false} testId="person-area" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t("people.columns.idNumber")}
          extra={maskedHint ?? t("people.form.optional")}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || isValidIdNumber(value) ? Promise.resolve() : Promise.reject(new Error(t("validation.idNumber"))),
            },
          ]}
        >
          <Input maxLength={18} placeholder={masked ? (person?.idNumber ?? undefined) : undefined} data-testid="person-id-number" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t("people.columns.phone")}
          extra={maskedHint ?? t("people.form.optional")}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || PHONE_PATTERN.test(value.trim()) ? Promise.resolve() : Promise.reject(new Error(t("validation.phone"))),
            },
          ]}
        >
          <Input maxLength={20} placeholder={masked ? (person?.phone ?? undefined) : undefined} data-testid="person-phone" />
        </Form.Item>
        <Form.Item
          name="address"
          label={t("people.columns.address")}
          extra={maskedHint ?? t("people.form.optional")}
          rules={[{ max: 200, message: t("validation.max", { max: 200 }) }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 3 }}
            placeholder={masked ? (person?.address ?? undefined) : undefined}
            data-testid="person-address"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
