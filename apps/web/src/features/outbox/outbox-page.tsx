// 消息发送记录: what the external channels (SMS, WeChat) sent or would send, with the masked recipient.
import type { OutboxItem } from "@gongzhi/contracts";
import { Alert, Flex, Grid, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { FilterSelect, ListCard, orDash, PAGE_SIZE, QueryTable, useListParams } from "../../app/list";
import { usePageQuery } from "../../app/queries";
import { PageHeader } from "../../app/ui";
import { formatDateTime } from "../../shared/format";

/** Mirrors OUTBOX_CHANNELS and OUTBOX_STATUSES of the contracts. */
export const OUTBOX_CHANNELS = ["sms", "wechat", "log"] as const;
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "recorded"] as const;

const STATUS_COLORS: Record<OutboxItem["status"], string> = {
  pending: "processing",
  sent: "success",
  failed: "error",
  recorded: "default",
};
const CHANNEL_COLORS: Record<OutboxItem["channel"], string> = { sms: "blue", wechat: "green", log: "default" };

interface OutboxFilters {
  channel: OutboxItem["channel"];
  status: OutboxItem["status"];
}

/** The message: its title, text (folded when long) and a link to its case. */
function Message({ m }: { m: OutboxItem }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text strong>{m.title}</Typography.Text>
      <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 3, expandable: true, symbol: t("outbox.more") }}>
        {m.text}
      </Typography.Paragraph>
      {m.caseId ? (
        <Link to={`/cases/${encodeURIComponent(m.caseId)}`} style={{ fontSize: 12 }}>
          {t("outbox.openCase")}
        </Link>
      ) : null}
    </div>
  );
}

function StatusTag({ m }: { m: OutboxItem }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={STATUS_COLORS[m.status]} style={{ marginInlineEnd: 0 }}>
      {t(`outbox.statuses.${m.status}`)}
    </Tag>
  );
  return m.lastError ? <Tooltip title={t("outbox.lastError", { error: m.lastError })}>{tag}</Tooltip> : tag;
}

function ChannelTag({ m }: { m: OutboxItem }) {
  const { t } = useTranslation();
  return (
    <Tag color={CHANNEL_COLORS[m.channel]} style={{ marginInlineEnd: 0 }}>
      {t(`outbox.channels.${m.channel}`)}
    </Tag>
  );
}

export function OutboxPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const list = useListParams<OutboxFilters>(["channel", "status"]);
  const params = { ...list.filters, page: list.page, pageSize: PAGE_SIZE };
  const query = usePageQuery<OutboxItem>(["outbox", "list", params], "/api/v1/outbox", params);

  const columns: TableColumnsType<OutboxItem> = [
    {
      key: "createdAt",
      title: t("outbox.columns.createdAt"),
      width: 150,
      render: (_, m) => formatDateTime(m.createdAt),
    },
    {
      key: "channel",
      title: t("outbox.columns.channel"),
      width: 100,
      render: (_, m) => <ChannelTag m={m} />,
    },
    {
      key: "recipient",
      title: t("outbox.columns.recipient"),
      width: 130,
      render: (_, m) => <span style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>{m.recipient}</span>,
    },
    {
      key: "text",
      title: t("outbox.columns.text"),
      render: (_, m) => <Message m={m} />,
    },
    {
      key: "status",
      title: t("outbox.columns.status"),
      width: 110,
      render: (_, m) => <StatusTag m={m} />,
    },
    { key: "attempts", title: t("outbox.columns.attempts"), width: 80, align: "right", render: (_, m) => m.attempts },
    {
      key: "sentAt",
      title: t("outbox.columns.sentAt"),
      width: 150,
      render: (_, m) => orDash(m.sentAt ? formatDateTime(m.sentAt) : null),
    },
  ];

  // On a phone each message is one cell: the text first, then channel, recipient, status and times.
  const phoneColumns: TableColumnsType<OutboxItem> = [
    {
      key: "message",
      title: t("outbox.columns.text"),
      render: (_, m) => (
        <Flex vertical gap={6}>
          <Message m={m} />
          <Flex gap={6} wrap align="center">
            <ChannelTag m={m} />
            <StatusTag m={m} />
            <span style={{ fontVariantNumeric: "tabular-nums" }}>{m.recipient}</span>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("outbox.phoneMeta", {
              createdAt: formatDateTime(m.createdAt),
              attempts: m.attempts,
              sentAt: m.sentAt ? formatDateTime(m.sentAt) : "—",
            })}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t("outbox.title")} description={t("outbox.description")} />
      <Alert type="info" showIcon title={t("outbox.recordedHint")} style={{ marginBottom: 16 }} />
      <ListCard
        filters={
          <Flex gap={12} wrap>
            <FilterSelect
              values={OUTBOX_CHANNELS}
              labels="outbox.channels"
              {...list.filterProps("channel")}
              placeholder={t("outbox.columns.channel")}
              width={140}
              testId="outbox-channel"
            />
            <FilterSelect
              values={OUTBOX_STATUSES}
              labels="outbox.statuses"
              {...list.filterProps("status")}
              placeholder={t("outbox.columns.status")}
              width={140}
              testId="outbox-status"
            />
          </Flex>
        }
      >
        <QueryTable<OutboxItem>
          query={query}
          columns={screens.md ? columns : phoneColumns}
          scroll={screens.md ? { x: 960 } : undefined}
          empty={list.filtered ? t("outbox.noMatch") : t("outbox.empty")}
          pagination={list.pagination}
          data-testid="outbox-table"
        />
      </ListCard>
    </>
  );
}
