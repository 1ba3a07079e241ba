import { PrinterOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Descriptions, Form, Image, Input, Modal, Row, Select, Space, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { orDash } from "../../app/list";
import { ErrorState, PageHeader, PageLoading } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import { showServerErrors } from "../settings/field-errors";
import { BlowWhistleButton } from "../whistles/whistles-page";
import { type Case, HANDLER_KINDS, STATUS_COLORS, useCase, useCaseEvents, useCasePost, useCategoryOptions, useProposal } from "./api";
import { Countdown } from "./cases-page";
import { HandlerFields, handlerBody } from "./handler-fields";
import { WorkPhotos } from "./work-photos";

const SERVICE_MODES = ["team", "digital", "proxy", "appointment", "off_hours"] as const;

type Action = Case["abilities"]["actions"][number];
/** Parties a case may be transferred to: outside the grid → community → street line. */
const TRANSFER_KINDS = ["department", "unit", "volunteer_team"] as const;
const HIDDEN: Action[] = ["rate", "close_unrated", "merge"];
/** The text field each action asks for, and whether it is required. */
const TEXT_FIELD: Partial<Record<Action, { name: string; required: boolean }>> = {
  accept: { name: "note", required: false },
  assign: { name: "note", required: false },
  escalate: { name: "reason", required: false },
  transfer: { name: "reason", required: false },
  note: { name: "note", required: true },
  request_hold: { name: "reason", required: true },
  approve_hold: { name: "note", required: false },
  deny_hold: { name: "reason", required: false },
  resume: { name: "note", required: false },
  resolve: { name: "result", required: true },
  reject: { name: "reason", required: true },
};

/** 服务方式: how the case is served (组团/数字/代办/预约/错时). */
function ServiceModeField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="serviceMode" label={t("caseDesk.serviceMode")}>
      <Select
        allowClear
        options={SERVICE_MODES.map((v) => ({ value: v, label: t(`caseDesk.serviceModes.${v}`) }))}
        data-testid="service-mode"
      />
    </Form.Item>
  );
}

function ActionModal({ c, action, onClose }: { c: Case; action: Action | "triage" | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const post = useCasePost();
  const proposal = useProposal(c.id, action === "triage");
  const categories = useCategoryOptions();
  if (!action) return null;
  const text = action === "triage" ? null : TEXT_FIELD[action];
  const submit = async () => {
    const values = await form.validateFields();
    const path = action === "triage" ? `/api/v1/cases/${c.id}/triage` : `/api/v1/cases/${c.id}/actions/${action}`;
    try {
      await post.mutateAsync({ path, body: { ...values, handler: handlerBody(values.handler) } });
    } catch (err) {
      showServerErrors(form, err, { handler: "handler.ref" });
      throw err;
    }
    onClose();
  };
  const merge = async (into: string) => {
    await post.mutateAsync({ path: `/api/v1/cases/${c.id}/merge`, body: { into } });
    onClose();
  };
  return (
    <Modal
      open
      title={t(`caseDesk.actions.${action}`)}
      onCancel={onClose}
      onOk={() => void submit().catch(() => {})}
      confirmLoading={post.isPending}
      destroyOnHidden
      data-testid="action-modal"
    >
      {post.isError ? <Alert type="error" showIcon title={post.error.message} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          action === "triage"
            ? {
                categoryCode: c.categoryCode ?? undefined,
                urgency: c.urgency,
                priority: c.priority,
                serviceMode: c.serviceMode ?? undefined,
              }
            : {}
        }
      >
        {action === "triage" ? (
          <>
            {proposal.data ? (
              <Alert
                type="info"
                style={{ marginBottom: 12 }}
                title={t("caseDesk.proposal", {
                  handler: proposal.data.handler.label,
                  deadline: proposal.data.deadlineAt ? formatDateTime(proposal.data.deadlineAt) : "—",
                })}
              />
            ) : null}
            {proposal.data?.duplicates.length ? (
              <Card size="small" title={t("caseDesk.duplicates")} style={{ marginBottom: 12 }}>
                {proposal.data.duplicates.map((d) => (
                  <Space key={d.id} style={{ display: "flex", justifyContent: "space-between", marginBottom: 4 }}>
                    <span>
                      <Link to={`/cases/${d.id}`}>{d.number}</Link> {d.title}
                    </span>
                    <Button size="small" onClick={() => void merge(d.id).catch(() => {})} data-testid="merge-into">
                      {t("caseDesk.mergeInto")}
                    </Button>
                  </Space>
                ))}
              </Card>
            ) : null}
            <Form.Item name="categoryCode" label={t("caseDesk.columns.category")} rules={[{ required: true }]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={categories.data ?? []} />
            </Form.Item>
            <Form.Item name="urgency" label={t("caseDesk.urgency")}>
              <Select options={["normal", "urgent", "critical"].map((v) => ({ value: v, label: t(`caseDesk.urgencies.${v}`) }))} />
            </Form.Item>
            <Form.Item name="priority" label={t("caseDesk.priority")}>
              <Select options={["low", "normal", "high"].map((v) => ({ value: v, label: t(`caseDesk.priorities.${v}`) }))} />
            </Form.Item>
            <ServiceModeField />
            <Form.Item name="publicNote" label={t("caseDesk.publicNote")}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        ) : null}
        {action === "triage" ? <HandlerFields kinds={HANDLER_KINDS} areaCode={c.areaCode} optional /> : null}
        {action === "assign" ? <HandlerFields kinds={HANDLER_KINDS} areaCode={c.areaCode} /> : null}
        {action === "transfer" ? <HandlerFields kinds={TRANSFER_KINDS} areaCode={c.areaCode} /> : null}
        {text ? (
          <Form.Item name={text.name} label={t(`caseDesk.fields.${action}`)} rules={[{ required: text.required, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-text" />
          </Form.Item>
        ) : null}
        {action === "note" ? (
          <>
            <ServiceModeField />
            <Form.Item name="photos" label={t("caseDesk.workPhotos")} extra={t("caseDesk.workPhotosHelp")}>
              <WorkPhotos />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

/** A case: its details, photos, timeline and the steps this actor may take. */
export function CasePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const c = useCase(id);
  const events = useCaseEvents(id);
  const [action, setAction] = useState<Action | "triage" | null>(null);
  const mayWhistle = can(useMe().data, "whistles.blow");
  if (c.isPending) return <PageLoading />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => void c.refetch()} />;
  const k = c.data;
  const actions = k.abilities.actions.filter((a) => !HIDDEN.includes(a));
  return (
    <>
      <PageHeader
        title={
          <>
            {k.title} <Tag color={STATUS_COLORS[k.status]}>{t(`caseDesk.statuses.${k.status}`)}</Tag>
          </>
        }
        description={<span style={{ fontFamily: "monospace" }}>{k.number}</span>}
        extra={
          <>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === "triage" || a === "accept" || a === "resolve" ? "primary" : "default"}
                danger={a === "reject"}
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {t(`caseDesk.actions.${a}`)}
              </Button>
            ))}
            {mayWhistle && !["closed", "rejected", "merged"].includes(k.status) ? <BlowWhistleButton caseId={k.id} /> : null}
            <Button icon={<PrinterOutlined />} href={`/api/v1/cases/${k.id}/sheet`} target="_blank" data-testid="print-sheet">
              {t("caseDesk.print")}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card title={t("caseDesk.details")}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t("caseDesk.columns.category")}>{orDash(k.categoryName)}</Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.urgency")}>{t(`caseDesk.urgencies.${k.urgency}`)}</Descriptions.Item>
              {k.serviceMode ? (
                <Descriptions.Item label={t("caseDesk.serviceMode")}>{t(`caseDesk.serviceModes.${k.serviceMode}`)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t("caseDesk.columns.area")}>
                {orDash([k.areaName, k.gridName].filter(Boolean).join(" · ") || null)}
              </Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.location")}>{orDash(k.locationText)}</Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.columns.handler")}>{orDash(k.handlerLabel)}</Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.columns.deadline")}>
                <Countdown deadline={k.deadlineAt} overdue={k.overdue} open={!["closed", "rejected", "merged"].includes(k.status)} />
              </Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.reporter")}>
                {k.anonymous ? t("caseDesk.anonymous") : orDash([k.reporterName, k.reporterPhone].filter(Boolean).join(" ") || null)}
              </Descriptions.Item>
              <Descriptions.Item label={t("caseDesk.columns.createdAt")}>{formatDateTime(k.createdAt)}</Descriptions.Item>
              {k.holdReason ? <Descriptions.Item label={t("caseDesk.holdReason")}>{k.holdReason}</Descriptions.Item> : null}
              {k.rejectedReason ? <Descriptions.Item label={t("caseDesk.fields.reject")}>{k.rejectedReason}</Descriptions.Item> : null}
              {k.rating ? (
                <Descriptions.Item
                  label={t("caseDesk.rating")}
                >{`${t(`caseDesk.ratings.${k.rating}`)} ${k.ratingComment ?? ""}`}</Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Paragraph style={{ marginTop: 16, whiteSpace: "pre-wrap" }}>{k.description}</Typography.Paragraph>
            {k.photos.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {k.photos.map((src) => (
                    <Image key={src} src={src} width={120} height={120} style={{ objectFit: "cover" }} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t("caseDesk.timeline")} data-testid="case-timeline">
            {events.isError ? (
              <ErrorState error={events.error} onRetry={() => void events.refetch()} />
            ) : events.isPending ? (
              <PageLoading />
            ) : (
              <Timeline
                items={[...events.data].reverse().map((e) => ({
                  key: e.id,
                  content: (
                    <>
                      <div>
                        <strong>{t(`caseDesk.actions.${e.action}`, { defaultValue: e.action })}</strong> · {e.actorLabel}
                      </div>
                      {e.note || e.publicNote ? <div>{e.note ?? e.publicNote}</div> : null}
                      <div>
                        {typeof e.data.serviceMode === "string" ? <Tag>{t(`caseDesk.serviceModes.${e.data.serviceMode}`)}</Tag> : null}
                        {Array.isArray(e.data.photos) && e.data.photos.length ? (
                          <Image.PreviewGroup>
                            <Space wrap size={4} style={{ margin: "4px 0" }}>
                              {(e.data.photos as string[]).map((src) => (
                                <Image key={src} src={src} width={56} height={56} style={{ objectFit: "cover" }} />
                              ))}
                            </Space>
                          </Image.PreviewGroup>
                        ) : null}
                      </div>
                      <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <ActionModal key={action ?? ""} c={k} action={action} onClose={() => setAction(null)} />
    </>
  );
}
