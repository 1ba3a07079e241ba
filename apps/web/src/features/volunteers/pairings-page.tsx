// 结对 in the console: party members paired with residents in need, the contacts they log, and the pairs gone quiet.
import { Alert, Button, Drawer, Form, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal, useRules } from "../../app/form";
import { CreateButton, ListCard, orDash, PAGE_SIZE, QueryTable, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import { PersonPicker } from "../registry/selects";
import { CONTACT_KINDS, PAIRING_KINDS, type Pairing, usePairing, usePairings, useVPost, vKeys } from "./api";
import { EnumTag, useEnum } from "./shared";

const QUIET = ["30", "60", "90"] as const;

interface PairForm {
  memberPersonId: string;
  residentPersonId: string;
  kind: string;
  note?: string;
}

function PairModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PairForm>();
  const rules = useRules();
  const post = useVPost<PairForm>([vKeys.pairings]);
  return (
    <FormModal<PairForm>
      open={open}
      title={t("volunteers.console.createPair")}
      form={form}
      save={post}
      onClose={onClose}
      initialValues={{ kind: "elderly_alone" }}
      onFinish={async (v) => {
        await post.mutateAsync({ path: "/api/v1/pairings", body: v });
        onClose();
      }}
      data-testid="pair-modal"
    >
      <Form.Item name="memberPersonId" label={t("volunteers.console.pairMember")} rules={rules.required}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="residentPersonId" label={t("volunteers.console.pairResident")} rules={rules.required}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="kind" label={t("volunteers.console.pairKind")}>
        <Select options={useEnum("pairingKind", PAIRING_KINDS)} />
      </Form.Item>
      <Form.Item name="note" label={t("volunteers.console.note")} rules={rules.max(500)}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function PairDrawer({ id, onClose, mayManage }: { id: string | null; onClose: () => void; mayManage: boolean }) {
  const { t } = useTranslation();
  const query = usePairing(id);
  const post = useVPost([vKeys.pairings]);
  const [kind, setKind] = useState<string>("visit");
  const [note, setNote] = useState("");
  const kinds = useEnum("contactKind", CONTACT_KINDS);
  const p = query.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={520}
      destroyOnHidden
      title={p ? `${p.memberName} — ${p.residentName}` : undefined}
      extra={
        p && mayManage && p.status === "active" ? (
          <Popconfirm
            title={t("volunteers.console.endPairConfirm")}
            onConfirm={() => post.mutateAsync({ path: `/api/v1/pairings/${p.id}/end` })}
          >
            <Button danger>{t("volunteers.console.endPair")}</Button>
          </Popconfirm>
        ) : null
      }
      data-testid="pair-drawer"
    >
      {p ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <EnumTag group="pairingKind" value={p.kind} />
            <EnumTag group="pairingStatus" value={p.status} color={p.status === "active" ? "green" : "default"} />
            <span>{p.areaName}</span>
            <Typography.Text type="secondary">{t("volunteers.console.since", { date: formatDateTime(p.since) })}</Typography.Text>
          </Space>
          {p.note ? <Typography.Paragraph>{p.note}</Typography.Paragraph> : null}
          {post.isError ? <Alert type="error" showIcon title={post.error.message} style={{ marginBottom: 12 }} /> : null}
          {p.status === "active" ? (
            <Space.Compact style={{ width: "100%", marginBottom: 16 }}>
              <Select value={kind} onChange={setKind} options={kinds} style={{ width: 120 }} />
              <Input
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={1000}
                placeholder={t("volunteers.fields.contactNote")}
              />
              <Button
                type="primary"
                loading={post.isPending}
                onClick={() =>
                  post.mutate(
                    { path: `/api/v1/pairings/${p.id}/contacts`, body: { kind, note: note.trim() || undefined } },
                    { onSuccess: () => setNote("") },
                  )
                }
              >
                {t("volunteers.m.logContact")}
              </Button>
            </Space.Compact>
          ) : null}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.contacts}
            locale={{ emptyText: t("volunteers.m.noContacts") }}
            columns={[
              { key: "at", title: t("volunteers.console.contactAt"), render: (_, c) => formatDateTime(c.at), width: 150 },
              {
                key: "kind",
                title: t("volunteers.console.contactKind"),
                render: (_, c) => t(`volunteers.enums.contactKind.${c.kind}`),
                width: 100,
              },
              { key: "note", title: t("volunteers.fields.contactNote"), render: (_, c) => orDash(c.note) },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}

/** 结对帮扶: pairs in scope, how long since the last contact, the quiet ones first when asked. */
export function PairingsPage() {
  const { t } = useTranslation();
  const list = useListParams<{ quietDays: string; status: string; areaCode: string }>(["quietDays", "status", "areaCode"]);
  const query = usePairings({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const mayManage = can(useMe().data, "volunteers.manage");
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Pairing> = [
    {
      key: "member",
      title: t("volunteers.console.pairMember"),
      render: (_, p) => (
        <Typography.Link onClick={() => list.open(p.id)} data-testid="pair-link">
          {p.memberName}
        </Typography.Link>
      ),
      width: 120,
    },
    { key: "resident", title: t("volunteers.console.pairResident"), dataIndex: "residentName", width: 120 },
    { key: "kind", title: t("volunteers.console.pairKind"), render: (_, p) => <EnumTag group="pairingKind" value={p.kind} />, width: 130 },
    { key: "area", title: t("volunteers.fields.community"), dataIndex: "areaName", ellipsis: true },
    { key: "contacts", title: t("volunteers.console.contactCount"), dataIndex: "contactCount", width: 90 },
    {
      key: "last",
      title: t("volunteers.console.lastContact"),
      render: (_, p) => orDash(p.lastContactAt ? formatDateTime(p.lastContactAt) : null),
      width: 150,
    },
    {
      key: "quiet",
      title: t("volunteers.console.quietDays"),
      render: (_, p) => (
        <Tag color={p.quietDays >= 60 ? "red" : p.quietDays >= 30 ? "orange" : "green"}>
          {t("volunteers.console.days", { count: p.quietDays })}
        </Tag>
      ),
      width: 100,
    },
    { key: "status", title: t("common.status"), render: (_, p) => <EnumTag group="pairingStatus" value={p.status} />, width: 90 },
  ];
  return (
    <>
      <PageHeader
        title={t("volunteers.console.pairsTitle")}
        description={t("volunteers.console.pairsText")}
        extra={
          mayManage ? (
            <CreateButton onClick={() => setCreating(true)} testId="pair-create">
              {t("volunteers.console.createPair")}
            </CreateButton>
          ) : null
        }
      />
      <ListCard
        filters={
          <>
            <Select
              allowClear
              value={list.filters.quietDays}
              onChange={(v) => list.filter({ quietDays: v })}
              options={QUIET.map((d) => ({ value: d, label: t("volunteers.console.noContactFor", { count: Number(d) }) }))}
              placeholder={t("volunteers.console.quietContact")}
              style={{ width: 170 }}
              data-testid="pair-quiet"
            />
            <Select
              allowClear
              value={list.filters.status}
              onChange={(v) => list.filter({ status: v })}
              options={useEnum("pairingStatus", ["active", "ended"])}
              placeholder={t("common.status")}
              style={{ width: 110 }}
            />
            <AreaSelect
              value={list.filters.areaCode}
              onChange={(v) => list.filter({ areaCode: v ?? undefined })}
              placeholder={t("volunteers.fields.community")}
              style={{ width: 200 }}
            />
          </>
        }
      >
        <QueryTable<Pairing>
          query={query}
          columns={columns}
          pagination={list.pagination}
          empty={t(list.filtered ? "volunteers.console.noMatch" : "volunteers.console.noPairs")}
          scroll={{ x: 950 }}
        />
      </ListCard>
      <PairModal open={creating} onClose={() => setCreating(false)} />
      <PairDrawer id={list.openId} onClose={list.close} mayManage={mayManage} />
    </>
  );
}
