import { AutoComplete, Button, Card, Col, Descriptions, Form, Input, Row, Select, type TableColumnsType, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ListCard, PAGE_SIZE, QueryTable } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { formatDateTime } from "../../shared/format";
import type { AuditEntry } from "../../shared/types";
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, useAudit } from "./api";

const FILTERS = ["action", "objectType", "objectId", "actorId"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t("common.none")}</Typography.Text>;
  return (
    <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12, maxHeight: 320, overflow: "auto" }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** 操作日志: who did what to which object, when and from where. */
export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const filters: Filters = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  const page = Number(params.get("page") ?? "1") || 1;
  const audit = useAudit({ ...filters, page, pageSize: PAGE_SIZE });

  const apply = (values: Filters, nextPage?: number) => {
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = values[f]?.trim();
      if (v) next.set(f, v);
    }
    if (nextPage && nextPage > 1) next.set("page", String(nextPage));
    setParams(next);
  };

  const columns: TableColumnsType<AuditEntry> = [
    { key: "at", title: t("audit.columns.at"), dataIndex: "at", width: 170, render: (v: string) => formatDateTime(v) },
    {
      key: "actor",
      title: t("audit.columns.actor"),
      dataIndex: "actorLabel",
      width: 160,
      render: (label: string, e) =>
        e.actorId ? (
          <Typography.Link
            onClick={() => {
              form.setFieldsValue({ actorId: e.actorId ?? undefined });
              apply({ ...filters, actorId: e.actorId ?? undefined });
            }}
            title={t("audit.filterByActor")}
          >
            {label}
          </Typography.Link>
        ) : (
          label
        ),
    },
    {
      key: "action",
      title: t("audit.columns.action"),
      dataIndex: "action",
      width: 200,
      render: (a: string) => (
        <Tag color="red" style={{ marginInlineEnd: 0 }} title={a}>
          {t(`audit.actions.${a}`, { defaultValue: a })}
        </Tag>
      ),
    },
    {
      key: "object",
      title: t("audit.columns.object"),
      dataIndex: "objectType",
      render: (type: string, e) => (
        <>
          {t(`audit.objectTypes.${type}`, { defaultValue: type })}
          {e.objectId ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }} ellipsis>
              {e.objectId}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    { key: "area", title: t("audit.columns.area"), dataIndex: "areaCode", width: 140, render: (v: string | null) => v ?? "—" },
    { key: "ip", title: t("audit.columns.ip"), dataIndex: "ip", width: 130, render: (v: string | null) => v ?? "—" },
  ];

  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="vertical" initialValues={filters} onFinish={(v) => apply(v)} data-testid="audit-filters">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="action" label={t("audit.columns.action")} tooltip={t("audit.actionHint")}>
                <AutoComplete
                  allowClear
                  placeholder={t("audit.actionPlaceholder")}
                  options={AUDIT_ACTIONS.map((a) => ({ value: a, label: `${t(`audit.actions.${a}`)} · ${a}` }))}
                  filterOption={(input, option) =>
                    !!option && `${option.value} ${option.label}`.toLowerCase().includes(input.toLowerCase())
                  }
                  data-testid="audit-action-filter"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectType" label={t("audit.objectType")}>
                <Select
                  allowClear
                  placeholder={t("audit.objectTypePlaceholder")}
                  options={AUDIT_OBJECT_TYPES.map((o) => ({ value: o, label: t(`audit.objectTypes.${o}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectId" label={t("audit.objectId")}>
                <Input allowClear placeholder={t("audit.objectIdPlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="actorId" label={t("audit.actorId")} rules={[{ pattern: UUID, message: t("audit.actorIdInvalid") }]}>
                <Input allowClear placeholder={t("audit.actorIdPlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item style={{ marginBottom: 0 }}>
                <Button type="primary" htmlType="submit" style={{ marginInlineEnd: 8 }}>
                  {t("common.search")}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ action: undefined, objectType: undefined, objectId: undefined, actorId: undefined });
                    setParams(new URLSearchParams());
                  }}
                >
                  {t("common.reset")}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ListCard>
        <QueryTable<AuditEntry>
          query={audit}
          columns={columns}
          scroll={{ x: 1000 }}
          expandable={{
            expandedRowRender: (e) => (
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                bordered
                items={[
                  { key: "before", label: t("audit.before"), children: <Json value={e.before} /> },
                  { key: "after", label: t("audit.after"), children: <Json value={e.after} /> },
                  { key: "actorId", label: t("audit.actorId"), children: e.actorId ?? "—" },
                  { key: "code", label: t("audit.actionCode"), children: <Typography.Text code>{e.action}</Typography.Text> },
                ]}
              />
            ),
          }}
          empty={Object.keys(filters).length ? t("audit.noMatch") : t("audit.empty")}
          pagination={{ current: page, pageSize: PAGE_SIZE, showSizeChanger: false, onChange: (p) => apply(filters, p) }}
          data-testid="audit-table"
        />
      </ListCard>
    </>
  );
}
