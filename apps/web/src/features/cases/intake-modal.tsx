// 登记: staff log what a resident told them by phone or on a visit; the answer names the tracking code to pass on.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox, Form, Input, Modal, Radio, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { FormModal, useRules } from "../../app/form";
import { api } from "../../shared/api";
import { AreaSelect } from "../areas/area-select";
import { type Case, useCategoryOptions } from "./api";

interface Values {
  source: "phone" | "visit";
  categoryCode?: string;
  urgency: "normal" | "urgent" | "critical";
  description: string;
  areaCode?: string;
  address?: string;
  name?: string;
  phone?: string;
  anonymous?: boolean;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export function StaffIntakeButton() {
  const { t } = useTranslation();
  const rules = useRules();
  const navigate = useNavigate();
  const client = useQueryClient();
  const categories = useCategoryOptions();
  const [open, setOpen] = useState(false);
  // One key per opened form: a save retried after a lost answer finds the case it already made.
  const [key, setKey] = useState("");
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch("anonymous", form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Case & { trackingCode: string }>("/api/v1/cases", {
        method: "POST",
        body: {
          idempotencyKey: key,
          source: v.source,
          categoryCode: v.categoryCode,
          urgency: v.urgency,
          description: v.description.trim(),
          areaCode: v.areaCode,
          address: v.address?.trim() || undefined,
          anonymous: !!v.anonymous,
          contact:
            v.anonymous || (!v.name?.trim() && !v.phone?.trim())
              ? undefined
              : { name: v.name?.trim() || undefined, phone: v.phone?.trim() || undefined },
        },
      }),
    onSuccess: (c) => {
      void client.invalidateQueries({ queryKey: ["cases"] });
      setOpen(false);
      Modal.success({
        title: t("caseIntake.saved", { number: c.number }),
        content: (
          <Typography.Paragraph>
            {t("caseIntake.tellCode")}{" "}
            <Typography.Text strong copyable data-testid="intake-tracking-code">
              {c.trackingCode}
            </Typography.Text>
          </Typography.Paragraph>
        ),
        okText: t("caseIntake.open"),
        onOk: () => navigate(`/cases/${c.id}`),
      });
    },
  });
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          setKey(`staff-${crypto.randomUUID()}`);
          setOpen(true);
        }}
        data-testid="case-intake"
      >
        {t("caseIntake.button")}
      </Button>
      <FormModal<Values>
        open={open}
        title={t("caseIntake.title")}
        form={form}
        save={save}
        onClose={() => setOpen(false)}
        onFinish={(v) => save.mutateAsync(v).then(() => undefined)}
        initialValues={{ source: "phone", urgency: "normal" }}
        width={640}
        data-testid="case-intake-modal"
      >
        <Form.Item name="source" label={t("caseIntake.source")}>
          <Radio.Group
            optionType="button"
            options={(["phone", "visit"] as const).map((v) => ({ value: v, label: t(`caseIntake.sources.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="categoryCode" label={t("caseDesk.columns.category")} extra={t("caseIntake.categoryHelp")}>
          <Select allowClear showSearch={{ optionFilterProp: "label" }} options={categories.data ?? []} data-testid="intake-category" />
        </Form.Item>
        <Form.Item name="urgency" label={t("caseDesk.urgency")}>
          <Select options={(["normal", "urgent", "critical"] as const).map((v) => ({ value: v, label: t(`caseDesk.urgencies.${v}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t("caseIntake.description")} rules={rules.text(2000)}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="intake-description" />
        </Form.Item>
        <Form.Item name="areaCode" label={t("caseIntake.area")} extra={t("caseIntake.areaHelp")}>
          <AreaSelect testId="intake-area" />
        </Form.Item>
        <Form.Item name="address" label={t("caseIntake.address")} rules={rules.max(200)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{t("caseIntake.anonymous")}</Checkbox>
        </Form.Item>
        {anonymous ? null : (
          <>
            <Form.Item name="name" label={t("caseIntake.name")} rules={rules.max(40)}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t("caseIntake.phone")}
              rules={rules.valid((v) => PHONE.test(v.trim()), t("caseIntake.badPhone"))}
            >
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}
