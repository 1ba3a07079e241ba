import { App, Form, Input, InputNumber, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import { fieldErrors } from "../../shared/api";
import type { AreaAttrs, AreaDetail, CommunityResources } from "../../shared/types";
import { ATTR_ENUMS, type AttrKey, attrsFor, type EnumAttrKey, VENUE_OWNERSHIP } from "../registry/constants";
import { usePutResources, useUpdateArea } from "./api";

type AttrValues = { name: string } & AreaAttrs;

const NUMBER_ATTRS: AttrKey[] = ["households", "residents"];
const isEnum = (k: AttrKey): k is EnumAttrKey => k in ATTR_ENUMS;

/** Edits an area's name and the classifications that suit its level (replaces the whole set). */
export function AttrsFormModal({ open, area, onClose }: { open: boolean; area: AreaDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const [form] = Form.useForm<AttrValues>();
  const update = useUpdateArea(area.code);
  const keys = attrsFor(area.level);
  const demonstration = Form.useWatch("demonstration", form);

  const submit = async (v: AttrValues) => {
    const attrs: AreaAttrs = {};
    for (const k of keys) {
      const value = v[k];
      if (value === undefined || value === null) continue;
      (attrs as Record<string, unknown>)[k] = value;
    }
    if (!attrs.demonstration) delete attrs.demonstrationFunding;
    try {
      await update.mutateAsync({ name: v.name.trim() !== area.name ? v.name.trim() : undefined, attrs });
      message.success(t("areaDetail.saved"));
      onClose();
    } catch (err) {
      // An error about the classifications as a whole ("attrs") shows on the first of them.
      const fields = fieldErrors(err);
      form.setFields(
        Object.entries(fields)
          .filter(([k]) => k === "name" || k === "attrs")
          .map(([k, msg]) => ({ name: (k === "attrs" ? keys[0] : k) as keyof AttrValues, errors: [msg] })),
      );
    }
  };

  return (
    <FormModal<AttrValues>
      open={open}
      title={t("areaDetail.editAttrs", { name: area.name })}
      form={form}
      save={update}
      onClose={onClose}
      initialValues={{ name: area.name, ...area.attrs }}
      onFinish={submit}
      data-testid="attrs-form-modal"
    >
      <Form.Item name="name" label={t("areas.columns.name")} rules={rules.text(100)}>
        <Input />
      </Form.Item>
      {keys.map((k) =>
        isEnum(k) ? (
          <Form.Item key={k} name={k} label={t(`registry.attrs.${k}.label`)}>
            <Select
              allowClear
              placeholder={t("common.notSet")}
              options={ATTR_ENUMS[k].map((value) => ({ value, label: t(`registry.attrs.${k}.${value}`) }))}
              data-testid={`attr-${k}`}
            />
          </Form.Item>
        ) : k === "demonstration" || k === "hasActivityVenue" ? (
          <Form.Item key={k} name={k} label={t(`registry.attrs.${k}.label`)} valuePropName="checked">
            <Switch data-testid={`attr-${k}`} />
          </Form.Item>
        ) : k === "demonstrationFunding" ? (
          <Form.Item key={k} name={k} label={t("registry.attrs.demonstrationFunding.label")} extra={t("areaDetail.yuanHint")}>
            <InputNumber min={0} precision={0} style={{ width: "100%" }} disabled={!demonstration} />
          </Form.Item>
        ) : NUMBER_ATTRS.includes(k) ? (
          <Form.Item key={k} name={k} label={t(`registry.attrs.${k}.label`)}>
            <InputNumber min={0} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        ) : null,
      )}
    </FormModal>
  );
}

/** Records a community's 三有 for one year (replaces that year). */
export function ResourcesFormModal({
  open,
  code,
  current,
  onClose,
}: {
  open: boolean;
  code: string;
  current: CommunityResources | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const ownership = useEnumOptions(VENUE_OWNERSHIP, "registry.venueOwnership");
  const [form] = Form.useForm<CommunityResources>();
  const put = usePutResources(code);
  const year = new Date().getFullYear();

  const submit = async (v: CommunityResources) => {
    await put.mutateAsync(v);
    message.success(t("areaDetail.resourcesSaved", { year: v.year }));
    onClose();
  };

  const money = (name: keyof CommunityResources) => (
    <Form.Item name={name} label={t(`areaDetail.resources.${name}`)} rules={rules.required}>
      <InputNumber min={0} precision={0} style={{ width: "100%" }} suffix={t("areaDetail.yuan")} />
    </Form.Item>
  );

  return (
    <FormModal<CommunityResources>
      open={open}
      title={t("areaDetail.editResources")}
      form={form}
      save={put}
      onClose={onClose}
      initialValues={current ? { ...current, year } : { year, venueOwnership: "owned" }}
      onFinish={submit}
      data-testid="resources-form-modal"
    >
      <Form.Item name="year" label={t("areaDetail.resources.year")} rules={rules.required}>
        <InputNumber min={2000} max={2100} precision={0} style={{ width: "100%" }} />
      </Form.Item>
      <Form.Item name="staffCount" label={t("areaDetail.resources.staffCount")} rules={rules.required}>
        <InputNumber min={0} precision={0} style={{ width: "100%" }} suffix={t("areaDetail.persons")} />
      </Form.Item>
      {money("fundsService")}
      {money("fundsOffice")}
      {money("fundsActivity")}
      <Form.Item name="venueAreaM2" label={t("areaDetail.resources.venueAreaM2")} rules={rules.required}>
        <InputNumber min={0} precision={1} style={{ width: "100%" }} suffix="m²" />
      </Form.Item>
      <Form.Item name="venueOwnership" label={t("areaDetail.resources.venueOwnership")} rules={rules.required}>
        <Select options={ownership} />
      </Form.Item>
    </FormModal>
  );
}
