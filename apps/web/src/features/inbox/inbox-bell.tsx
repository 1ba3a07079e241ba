// The inbox in the console header: a bell with the unread count, the newest notifications in a popover, and the
// whole inbox in a drawer; opening a notification marks it read and goes to its case or task.
import { BellOutlined, CheckOutlined } from "@ant-design/icons";
import { App, Badge, Button, Drawer, Flex, Grid, List, Popover, Segmented, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState, ErrorState } from "../../app/ui";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/query";
import type { Me } from "../../shared/types";
import { consoleTarget, type Notification, useInboxPage, useMarkRead, useRecentInbox } from "./api";

const RECENT = 8;
const DRAWER_PAGE_SIZE = 20;

/** One notification: a dot while unread, what kind of step, its title, text and time. */
function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const { t } = useTranslation();
  const unread = !n.readAt;
  return (
    <List.Item
      onClick={() => onOpen(n)}
      style={{ cursor: "pointer", padding: "10px 12px", background: unread ? "#fff7f6" : undefined, alignItems: "flex-start" }}
      data-testid="inbox-item"
      data-unread={unread ? "true" : "false"}
    >
      <Flex gap={10} style={{ width: "100%", minWidth: 0 }}>
        <Badge status={unread ? "error" : "default"} style={{ marginTop: 6, visibility: unread ? "visible" : "hidden" }} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong={unread}>{n.title}</Typography.Text>
            <Tag style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: "18px" }}>
              {t(`inbox.kinds.${n.kind}`, { defaultValue: t("inbox.kinds.other") })}
            </Tag>
          </Flex>
          {n.body ? (
            <Typography.Paragraph type="secondary" style={{ margin: "2px 0 0", fontSize: 13 }} ellipsis={{ rows: 2 }}>
              {n.body}
            </Typography.Paragraph>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(n.createdAt)}
          </Typography.Text>
        </div>
      </Flex>
    </List.Item>
  );
}

/** "全部已读", disabled when nothing is unread. */
function MarkAllButton({ unread, testId }: { unread: number; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mark = useMarkRead();
  return (
    <Button
      type="link"
      size="small"
      icon={<CheckOutlined />}
      disabled={unread === 0}
      loading={mark.isPending}
      onClick={() => mark.mutateAsync(undefined).catch((err: unknown) => message.error(errorMessage(err)))}
      data-testid={testId}
    >
      {t("inbox.markAll")}
    </Button>
  );
}

function InboxDrawer({ open, onClose, onOpenItem }: { open: boolean; onClose: () => void; onOpenItem: (n: Notification) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const query = useInboxPage({ page, pageSize: DRAWER_PAGE_SIZE, unread: unreadOnly }, open);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t("inbox.title")}
      placement="right"
      size={screens.md ? 480 : "100%"}
      extra={<MarkAllButton unread={query.data?.unread ?? 0} testId="inbox-drawer-read-all" />}
      styles={{ body: { padding: 0 } }}
      data-testid="inbox-drawer"
    >
      <div style={{ padding: "12px 16px" }}>
        <Segmented
          value={unreadOnly ? "unread" : "all"}
          onChange={(v) => {
            setUnreadOnly(v === "unread");
            setPage(1);
          }}
          options={[
            { value: "all", label: t("inbox.all") },
            { value: "unread", label: t("inbox.unreadCount", { count: query.data?.unread ?? 0 }) },
          ]}
        />
      </div>
      {query.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </div>
      ) : (
        <List<Notification>
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText: <EmptyState description={unreadOnly ? t("inbox.noUnread") : t("inbox.empty")} /> }}
          renderItem={(n) => <NotificationItem n={n} onOpen={onOpenItem} />}
          pagination={
            (query.data?.total ?? 0) > DRAWER_PAGE_SIZE
              ? {
                  current: page,
                  pageSize: DRAWER_PAGE_SIZE,
                  total: query.data?.total ?? 0,
                  onChange: setPage,
                  size: "small",
                  align: "center",
                  style: { paddingBottom: 16 },
                }
              : false
          }
        />
      )}
    </Drawer>
  );
}

/** The bell in the header. */
export function InboxBell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const recent = useRecentInbox(RECENT);
  const mark = useMarkRead();
  const [open, setOpen] = useState(false);
  const [allOpen, setAllOpen] = useState(false);
  const unread = recent.data?.unread ?? 0;

  const openItem = (n: Notification) => {
    if (!n.readAt) mark.mutate(n.id);
    const to = consoleTarget(me, n);
    setOpen(false);
    if (to) {
      setAllOpen(false);
      navigate(to);
    }
  };

  const panel = (
    <div style={{ width: "min(380px, calc(100vw - 32px))" }} data-testid="inbox-panel">
      <Flex justify="space-between" align="center" style={{ padding: "4px 12px 8px", borderBottom: "1px solid rgba(5,5,5,0.06)" }}>
        <Typography.Text strong>
          {t("inbox.title")}
          {unread ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontWeight: "normal" }}>
              {t("inbox.unreadCount", { count: unread })}
            </Typography.Text>
          ) : null}
        </Typography.Text>
        <MarkAllButton unread={unread} testId="inbox-read-all" />
      </Flex>
      {recent.isError ? (
        <div style={{ padding: 12 }}>
          <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
        </div>
      ) : (
        <div style={{ maxHeight: "min(60vh, 460px)", overflowY: "auto" }}>
          <List<Notification>
            loading={recent.isPending}
            dataSource={recent.data?.items ?? []}
            locale={{ emptyText: <EmptyState description={t("inbox.empty")} /> }}
            renderItem={(n) => <NotificationItem n={n} onOpen={openItem} />}
          />
        </div>
      )}
      <div style={{ textAlign: "center", paddingTop: 8, borderTop: "1px solid rgba(5,5,5,0.06)" }}>
        <Button
          type="link"
          onClick={() => {
            setOpen(false);
            setAllOpen(true);
          }}
          data-testid="inbox-view-all"
        >
          {t("inbox.viewAll")}
        </Button>
      </div>
    </div>
  );

  const bell = (
    <Button
      type="text"
      aria-label={unread ? t("inbox.bellUnread", { count: unread }) : t("inbox.title")}
      onClick={screens.md ? undefined : () => setAllOpen(true)}
      data-testid="inbox-bell"
      style={{ height: 40, paddingInline: 10 }}
    >
      <Badge count={unread} size="small" overflowCount={99} data-testid="inbox-unread">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  // On a phone the popover would not fit beside the header's other buttons: the bell opens the full-width drawer.
  return (
    <>
      {screens.md ? (
        <Popover
          open={open}
          onOpenChange={setOpen}
          trigger="click"
          placement="bottomRight"
          content={panel}
          arrow={false}
          styles={{ container: { padding: "8px 0" } }}
        >
          {bell}
        </Popover>
      ) : (
        bell
      )}
      <InboxDrawer open={allOpen} onClose={() => setAllOpen(false)} onOpenItem={openItem} />
    </>
  );
}
