// Adds or edits a case category: where it sits in the two-level table, who may report it, its deadline rules per
// urgency, escalation, and its extra questions.
import {
  Alert,
  App,
  Button,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../shared/query";
import { type CaseCategory, type CategoryCreate, type CategoryPatch, useSaveCategory } from "./api";
import { AttributesEditor, type AttributeValues, toAttributes } from "./attributes-editor";
import { showServerErrors } from "./field-errors";

export const CATEGORY_FAMILIES = ["city_event", "city_part", "social"] as const;
export const DEADLINE_UNITS = ["working_days", "working_hours", "hours", "days"] as const;
export const URGENCIES = ["normal", "urgent", "critical"] as const;
const CODE = /^[A-Z0-9]{2,12}$/;

type Rule = CaseCategory["deadlines"]["normal"];
type Escalation = "inherit" | "on" | "off";

interface Values {
  code: string;
  name: string;
  family: CaseCategory["family"];
  parentCode?: string | null;
  description?: string;
  keywords: string[];
  public: boolean;
  active: boolean;
  sort: number;
  autoEscalate: Escalation;
  deadlines: Record<(typeof URGENCIES)[number], Rule>;
  attributes: AttributeValues[];
}

const DEFAULT_DEADLINES: Values["deadlines"] = {
  normal: { value: 7, unit: "working_days" },
  urgent: { value: 2, unit: "working_hours" },
  critical: { value: 2, unit: "hours" },
};

const escalationOf = (v: boolean | null): Escalation => (v === null ? "inherit" : v ? "on" : "off");
const escalationValue = (e: Escalation): boolean | null => (e === "inherit" ? null : e === "on");

/** What the drawer edits: a category, or a new one (a top-level class, or a category under `parent`). */
export type CategoryTarget = { category: CaseCategory } | { parent: CaseCategory | null };

/** A code for a new category: the parent's code followed by the next free two-digit number. */
function suggestCode(parent: CaseCategory | null, all: readonly CaseCategory[]): string {
  if (!parent) return "";
  const taken = new Set(all.map((c) => c.code));
  for (let n = 1; n < 100; n++) {
    const code = `${parent.code}${String(n).padStart(2, "0")}`;
    if (!taken.has(code) && code.length <= 12) return code;
  }
  return "";
}

interface Props {
  target: CategoryTarget | null;
  categories: readonly CaseCategory[];
  onClose: () => void;
}

/** The drawer, with a fresh form for each category opened. */
export function CategoryDrawer(props: Props) {
  return props.target ? <CategoryForm {...props} target={props.target} /> : null;
}

function CategoryForm({ target, categories, onClose }: Props & { target: CategoryTarget }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const editing = "category" in target ? target.category : null;
  const parent = "parent" in target ? target.parent : null;
  const save = useSaveCategory(editing?.code ?? null);
  const family = Form.useWatch("family", form);
  const hasChildren = !!editing && categories.some((c) => c.parentCode === editing.code);

  const c = editing;
  const initialValues: Values = c
    ? {
        code: c.code,
        name: c.name,
        family: c.family,
        parentCode: c.parentCode,
        description: c.description,
        keywords: c.keywords,
        public: c.public,
        active: c.active,
        sort: c.sort,
        autoEscalate: escalationOf(c.autoEscalate),
        deadlines: c.deadlines,
        attributes: [...c.attributes]
          .sort((a, b) => a.order - b.order)
          .map((a) => ({ ...a, datatype_description: a.datatype_description ?? "" })),
      }
    : {
        code: suggestCode(parent, categories),
        name: "",
        family: parent?.family ?? "social",
        parentCode: parent?.code ?? null,
        description: "",
        keywords: [],
        public: parent?.public ?? true,
        active: true,
        sort: 0,
        autoEscalate: "inherit",
        deadlines: parent?.deadlines ?? DEFAULT_DEADLINES,
        attributes: [],
      };

  const parents = categories.filter((c) => !c.parentCode && c.family === family && c.code !== editing?.code);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const common = {
      name: v.name.trim(),
      parentCode: v.parentCode ?? null,
      description: v.description?.trim() ?? "",
      keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
      public: v.public,
      active: v.active,
      sort: v.sort ?? 0,
      autoEscalate: escalationValue(v.autoEscalate),
      deadlines: v.deadlines,
      attributes: toAttributes(v.attributes),
    };
    try {
      const saved = editing
        ? await save.mutateAsync(common satisfies CategoryPatch)
        : await save.mutateAsync({ ...common, code: v.code.trim().toUpperCase(), family: v.family } satisfies CategoryCreate);
      message.success(t(editing ? "settings.categories.updated" : "settings.categories.created", { name: saved.name }));
      onClose();
    } catch (err) {
      showServerErrors(form, err);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      placement="right"
      size={screens.md ? 760 : "100%"}
      destroyOnHidden
      title={
        editing
          ? t("settings.categories.editTitle", { name: editing.name })
          : parent
            ? t("settings.categories.createChildTitle", { parent: parent.name })
            : t("settings.categories.createTitle")
      }
      footer={
        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="category-save">
            {t("common.save")}
          </Button>
        </Flex>
      }
      data-testid="category-drawer"
    >
      {save.isError ? (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} data-testid="category-form">
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t("settings.categories.code")}
              tooltip={t("settings.categories.codeHelp")}
              normalize={(v: string) => v.toUpperCase()}
              rules={[
                { required: true, message: t("validation.required") },
                { pattern: CODE, message: t("settings.categories.codeRule") },
              ]}
            >
              <Input disabled={!!editing} maxLength={12} style={{ fontFamily: "monospace" }} data-testid="category-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="name"
              label={t("settings.categories.name")}
              rules={[
                { required: true, whitespace: true, message: t("validation.required") },
                { max: 40, message: t("validation.max", { max: 40 }) },
              ]}
            >
              <Input data-testid="category-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="family"
              label={t("settings.categories.family")}
              rules={[{ required: true, message: t("validation.required") }]}
            >
              <Select
                disabled={!!editing || !!parent}
                options={CATEGORY_FAMILIES.map((f) => ({ value: f, label: t(`settings.families.${f}`) }))}
                onChange={() => form.setFieldValue("parentCode", null)}
                data-testid="category-family"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="parentCode"
              label={t("settings.categories.parent")}
              extra={hasChildren ? t("settings.categories.parentLocked") : t("settings.categories.parentHelp")}
            >
              <Select
                allowClear
                disabled={hasChildren}
                placeholder={t("settings.categories.topLevel")}
                options={parents.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
                data-testid="category-parent"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="description"
              label={t("settings.categories.summary")}
              rules={[{ max: 500, message: t("validation.max", { max: 500 }) }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="keywords"
              label={t("settings.categories.keywords")}
              extra={t("settings.categories.keywordsHelp")}
              rules={[
                {
                  validator: async (_, v: string[] | undefined) => {
                    if ((v ?? []).length > 50) throw new Error(t("settings.categories.keywordsMax"));
                    if ((v ?? []).some((k) => k.trim().length > 20)) throw new Error(t("validation.max", { max: 20 }));
                  },
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[",", "，", " ", "、"]} open={false} suffixIcon={null} data-testid="category-keywords" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="public"
              label={t("settings.categories.public")}
              valuePropName="checked"
              tooltip={t("settings.categories.publicHelp")}
            >
              <Switch data-testid="category-public" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="active" label={t("settings.categories.active")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="sort" label={t("settings.categories.sort")} tooltip={t("settings.categories.sortHelp")}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item
              name="autoEscalate"
              label={t("settings.categories.autoEscalate")}
              tooltip={t("settings.categories.autoEscalateHelp")}
            >
              <Select
                options={(["inherit", "on", "off"] as const).map((e) => ({ value: e, label: t(`settings.escalation.${e}`) }))}
                data-testid="category-escalate"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t("settings.categories.deadlines")}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t("settings.categories.deadlinesHelp")}
        </Typography.Paragraph>
        <Row gutter={12}>
          {URGENCIES.map((u) => (
            <Col xs={24} md={8} key={u}>
              <Form.Item label={t(`caseDesk.urgencies.${u}`)} required>
                <Space.Compact style={{ width: "100%" }}>
                  <Form.Item name={["deadlines", u, "value"]} noStyle rules={[{ required: true, message: t("validation.required") }]}>
                    <InputNumber
                      min={1}
                      max={1000}
                      precision={0}
                      style={{ width: 80 }}
                      aria-label={t(`caseDesk.urgencies.${u}`)}
                      data-testid={`deadline-${u}-value`}
                    />
                  </Form.Item>
                  <Form.Item name={["deadlines", u, "unit"]} noStyle rules={[{ required: true, message: t("validation.required") }]}>
                    <Select
                      style={{ flex: 1, minWidth: 0 }}
                      options={DEADLINE_UNITS.map((d) => ({ value: d, label: t(`settings.units.${d}`) }))}
                      aria-label={t("settings.categories.unit")}
                      data-testid={`deadline-${u}-unit`}
                    />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
          ))}
        </Row>

        <Divider titlePlacement="start">{t("settings.attributes.title")}</Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t("settings.attributes.intro")}
        </Typography.Paragraph>
        <AttributesEditor />
      </Form>
    </Drawer>
  );
}
