// The editor of a category's extra questions: Open311 GeoReport v2 service-definition attributes, which the
// resident's report page asks and the Open311 endpoint publishes.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EyeOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import type { Rule } from "antd/es/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export const ATTRIBUTE_DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];
export const MAX_ATTRIBUTES = 30;
export const MAX_VALUES = 50;
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

/** A question as the form holds it; the order is its position. */
export interface AttributeValues {
  code: string;
  description: string;
  datatype: AttributeDatatype;
  variable: boolean;
  required: boolean;
  datatype_description?: string | null;
  values?: { key: string; name: string }[];
}

export const isList = (d: AttributeDatatype | undefined) => d === "singlevaluelist" || d === "multivaluelist";

/** The first free name of the form `<prefix><n>` among `taken`. */
function nextFree(prefix: string, taken: readonly (string | undefined)[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The attributes as the API takes them: ordered by position, lists' options only on list questions. */
export function toAttributes(values: AttributeValues[] | undefined) {
  return (values ?? []).map((a, i) => ({
    code: a.code.trim(),
    description: a.description.trim(),
    datatype: a.datatype,
    variable: a.variable,
    required: a.variable ? a.required : false,
    datatype_description: a.datatype_description?.trim() ? a.datatype_description.trim() : null,
    order: i + 1,
    values: isList(a.datatype) ? (a.values ?? []).map((v) => ({ key: v.key.trim(), name: v.name.trim() })) : [],
  }));
}

function MoveButtons({
  index,
  count,
  move,
  label,
}: {
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Tooltip title={t("settings.attributes.moveUp")}>
        <Button
          size="small"
          type="text"
          icon={<ArrowUpOutlined />}
          disabled={index === 0}
          onClick={() => move(index, index - 1)}
          aria-label={`${label} ${t("settings.attributes.moveUp")}`}
        />
      </Tooltip>
      <Tooltip title={t("settings.attributes.moveDown")}>
        <Button
          size="small"
          type="text"
          icon={<ArrowDownOutlined />}
          disabled={index === count - 1}
          onClick={() => move(index, index + 1)}
          aria-label={`${label} ${t("settings.attributes.moveDown")}`}
        />
      </Tooltip>
    </>
  );
}

/** The options of a list question: key (what is stored and sent) and the name residents read. */
function OptionsEditor({ field }: { field: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const datatype = Form.useWatch(["attributes", field, "datatype"], form) as AttributeDatatype | undefined;
  if (!isList(datatype)) return null;
  const uniqueKey: Rule = {
    validator: async (_, value: string | undefined) => {
      const all = ((form.getFieldValue(["attributes", field, "values"]) ?? []) as { key?: string }[]).map((v) => v?.key?.trim());
      if (value?.trim() && all.filter((k) => k === value.trim()).length > 1) throw new Error(t("settings.attributes.keyTaken"));
    },
  };
  return (
    <Form.List
      name={[field, "values"]}
      rules={[
        {
          validator: async (_, values?: unknown[]) => {
            if (!values?.length) throw new Error(t("settings.attributes.optionsRequired"));
          },
        },
      ]}
    >
      {(options, { add, remove, move }, { errors }) => (
        <div className="gz-attr-options">
          <Typography.Text strong>{t("settings.attributes.options")}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {t("settings.attributes.optionsHelp")}
          </Typography.Text>
          {options.map((o, i) => (
            <Flex key={o.key} gap={8} align="start" style={{ marginTop: 8 }} wrap={false}>
              <Form.Item
                name={[o.name, "key"]}
                rules={[
                  { required: true, whitespace: true, message: t("validation.required") },
                  { max: 40, message: t("validation.max", { max: 40 }) },
                  uniqueKey,
                ]}
                style={{ width: 96, marginBottom: 0, flex: "none" }}
              >
                <Input
                  placeholder={t("settings.attributes.optionKey")}
                  aria-label={t("settings.attributes.optionKey")}
                  data-testid="option-key"
                />
              </Form.Item>
              <Form.Item
                name={[o.name, "name"]}
                rules={[
                  { required: true, whitespace: true, message: t("validation.required") },
                  { max: 60, message: t("validation.max", { max: 60 }) },
                ]}
                style={{ flex: 1, minWidth: 0, marginBottom: 0 }}
              >
                <Input
                  placeholder={t("settings.attributes.optionName")}
                  aria-label={t("settings.attributes.optionName")}
                  data-testid="option-name"
                />
              </Form.Item>
              <Flex style={{ flex: "none" }}>
                <MoveButtons index={i} count={options.length} move={move} label={t("settings.attributes.option")} />
                <Tooltip title={t("common.remove")}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(o.name)}
                    aria-label={t("common.remove")}
                  />
                </Tooltip>
              </Flex>
            </Flex>
          ))}
          {errors.length ? (
            <div>
              <Typography.Text type="danger">{errors}</Typography.Text>
            </div>
          ) : null}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            disabled={options.length >= MAX_VALUES}
            onClick={() => {
              const taken = ((form.getFieldValue(["attributes", field, "values"]) ?? []) as { key?: string }[]).map((v) => v?.key);
              add({ key: nextFree("", taken), name: "" });
            }}
            data-testid="option-add"
          >
            {t("settings.attributes.addOption")}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** One question's fields. */
function QuestionFields({ field, form }: { field: number; form: FormInstance }) {
  const { t } = useTranslation();
  const variable = Form.useWatch(["attributes", field, "variable"], form) as boolean | undefined;
  const uniqueCode: Rule = {
    validator: async (_, value: string | undefined) => {
      const all = ((form.getFieldValue("attributes") ?? []) as { code?: string }[]).map((a) => a?.code?.trim());
      if (value?.trim() && all.filter((c) => c === value.trim()).length > 1) throw new Error(t("settings.attributes.codeTaken"));
    },
  };
  return (
    <Row gutter={12}>
      <Col xs={24} md={16}>
        <Form.Item
          name={[field, "description"]}
          label={variable === false ? t("settings.attributes.infoText") : t("settings.attributes.question")}
          rules={[
            { required: true, whitespace: true, message: t("validation.required") },
            { max: 200, message: t("validation.max", { max: 200 }) },
          ]}
        >
          <Input placeholder={t("settings.attributes.questionPlaceholder")} data-testid="attribute-description" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={[field, "variable"]} label={t("settings.attributes.kind")}>
          <Radio.Group
            optionType="button"
            options={[
              { value: true, label: t("settings.attributes.asks") },
              { value: false, label: t("settings.attributes.informs") },
            ]}
          />
        </Form.Item>
      </Col>
      {variable === false ? null : (
        <>
          <Col xs={24} md={10}>
            <Form.Item
              name={[field, "datatype"]}
              label={t("settings.attributes.datatype")}
              rules={[{ required: true, message: t("validation.required") }]}
            >
              <Select
                options={ATTRIBUTE_DATATYPES.map((d) => ({ value: d, label: t(`settings.datatypes.${d}`) }))}
                data-testid="attribute-datatype"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item
              name={[field, "code"]}
              label={t("settings.attributes.code")}
              tooltip={t("settings.attributes.codeHelp")}
              rules={[
                { required: true, message: t("validation.required") },
                { pattern: CODE, message: t("settings.attributes.codeRule") },
                uniqueCode,
              ]}
            >
              <Input maxLength={40} data-testid="attribute-code" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={[field, "required"]} label={t("settings.attributes.required")} valuePropName="checked">
              <Switch data-testid="attribute-required" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name={[field, "datatype_description"]}
              label={t("settings.attributes.help")}
              rules={[{ max: 200, message: t("validation.max", { max: 200 }) }]}
            >
              <Input placeholder={t("settings.attributes.helpPlaceholder")} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <OptionsEditor field={field} />
          </Col>
        </>
      )}
      {variable === false ? (
        <Col xs={24}>
          {/* An information-only attribute still has a code: Open311 clients key every attribute by it. */}
          <Form.Item
            name={[field, "code"]}
            label={t("settings.attributes.code")}
            tooltip={t("settings.attributes.codeHelp")}
            rules={[
              { required: true, message: t("validation.required") },
              { pattern: CODE, message: t("settings.attributes.codeRule") },
              uniqueCode,
            ]}
          >
            <Input maxLength={40} style={{ maxWidth: 240 }} />
          </Form.Item>
        </Col>
      ) : null}
    </Row>
  );
}

/** How the questions look to a resident on the report page (answers here are not kept). */
function Preview({ attributes }: { attributes: AttributeValues[] }) {
  const { t } = useTranslation();
  if (!attributes.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("settings.attributes.none")} />;
  return (
    <Form layout="vertical" component="div" data-testid="attributes-preview">
      {attributes.map((a, i) => {
        if (!a) return null;
        if (a.variable === false) {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: questions being edited have no identity but their place
            <Typography.Paragraph key={i} type="secondary">
              {a.description}
            </Typography.Paragraph>
          );
        }
        const options = (a.values ?? []).filter(Boolean).map((v) => ({ value: v.key, label: v.name }));
        let input: React.ReactNode;
        switch (a.datatype) {
          case "number":
            input = <InputNumber style={{ width: "100%" }} />;
            break;
          case "datetime":
            input = <DatePicker showTime style={{ width: "100%" }} />;
            break;
          case "text":
            input = <Input.TextArea rows={2} />;
            break;
          case "singlevaluelist":
            input = <Select options={options} placeholder={t("report.choose")} />;
            break;
          case "multivaluelist":
            input = <Checkbox.Group options={options} />;
            break;
          default:
            input = <Input />;
        }
        return (
          <Form.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            key={i}
            label={a.description || t("settings.attributes.question")}
            required={a.required}
            extra={a.datatype_description}
          >
            {input}
          </Form.Item>
        );
      })}
    </Form>
  );
}

/** The extra questions of a category, in the order residents see them. Lives inside the category's form. */
export function AttributesEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const [preview, setPreview] = useState(false);
  const attributes = (Form.useWatch("attributes", form) ?? []) as AttributeValues[];
  return (
    <Form.List name="attributes">
      {(fields, { add, remove, move }) => (
        <Flex vertical gap={12} data-testid="attributes-editor">
          {fields.length === 0 ? <Typography.Text type="secondary">{t("settings.attributes.none")}</Typography.Text> : null}
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              title={
                <span>
                  <Tag>{i + 1}</Tag>
                  {attributes[i]?.description?.trim() || t("settings.attributes.untitled")}
                </span>
              }
              extra={
                <Flex>
                  <MoveButtons index={i} count={fields.length} move={move} label={t("settings.attributes.question")} />
                  <Tooltip title={t("settings.attributes.remove")}>
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t("settings.attributes.remove")}
                      data-testid="attribute-remove"
                    />
                  </Tooltip>
                </Flex>
              }
              data-testid="attribute-card"
            >
              <QuestionFields field={f.name} form={form} />
            </Card>
          ))}
          <Flex gap={8} wrap>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={fields.length >= MAX_ATTRIBUTES}
              onClick={() =>
                add({
                  code: nextFree(
                    "q",
                    attributes.map((a) => a?.code),
                  ),
                  description: "",
                  datatype: "string",
                  variable: true,
                  required: false,
                  datatype_description: "",
                  values: [],
                })
              }
              data-testid="attribute-add"
            >
              {t("settings.attributes.add")}
            </Button>
            <Button
              icon={<EyeOutlined />}
              onClick={() => setPreview((p) => !p)}
              disabled={!fields.length}
              data-testid="attributes-preview-toggle"
            >
              {preview ? t("settings.attributes.hidePreview") : t("settings.attributes.preview")}
            </Button>
          </Flex>
          {preview && fields.length ? (
            <Card size="small" title={t("settings.attributes.previewTitle")} styles={{ body: { maxWidth: 420 } }}>
              <Preview attributes={attributes} />
            </Card>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
