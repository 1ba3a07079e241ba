// 我的消息: the signed-in resident's or grid worker's notifications on the phone, newest first; opening one marks it
// read and goes to the case (a resident's own cases, or the case page of the console for staff).
import { useTranslation } from "react-i18next";
import { consoleTarget, type Notification, useInfiniteInbox, useMarkRead, useRecentInbox } from "../features/inbox/api";
import { formatDateTime } from "../shared/format";
import type { Me } from "../shared/types";
import { Button, ErrorBlock, List, NavBar, Skeleton } from "./adm";
import { goBack, navigate } from "./router";
import { useToast } from "./ui";

const PAGE_SIZE = 20;

/** Where a notification leads from the phone: a staff member's case page in the console, a resident's own cases. */
function open(me: Me, n: Notification): void {
  const target = consoleTarget(me, n);
  if (target) window.location.assign(target);
  else if (n.caseId) navigate("/my-cases");
}

/** The unread count as a small red badge, nothing when all is read. */
export function UnreadBadge({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span
      style={{
        display: "inline-block",
        minWidth: 18,
        padding: "0 6px",
        borderRadius: 9,
        background: "var(--adm-color-primary)",
        color: "#fff",
        fontSize: 12,
        lineHeight: "18px",
        textAlign: "center",
      }}
      data-testid="inbox-unread"
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}

/** The entry on the phone home: 我的消息 with the unread count, refreshed every minute. */
export function InboxEntry() {
  const { t } = useTranslation();
  const recent = useRecentInbox(1);
  return (
    <List.Item
      onClick={() => navigate("/inbox")}
      description={t("inbox.mobileEntryText")}
      extra={<UnreadBadge count={recent.data?.unread ?? 0} />}
      data-testid="inbox-link"
    >
      {t("inbox.mobileEntry")}
    </List.Item>
  );
}

export function InboxPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const query = useInfiniteInbox(PAGE_SIZE);
  const mark = useMarkRead();
  const [toast, showToast] = useToast();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = query.data?.pages[0]?.unread ?? 0;

  const tap = (n: Notification) => {
    if (!n.readAt) mark.mutate(n.id);
    open(me, n);
  };

  return (
    <div className="gz-page" data-testid="inbox-page">
      <NavBar
        onBack={goBack}
        right={
          unread ? (
            <button
              type="button"
              className="gz-link"
              style={{ border: 0, background: "none", padding: 0, fontSize: 14, cursor: "pointer" }}
              disabled={mark.isPending}
              onClick={() =>
                mark.mutateAsync(undefined).catch((err: unknown) => showToast(err instanceof Error ? err.message : String(err)))
              }
              data-testid="inbox-read-all"
            >
              {t("inbox.markAll")}
            </button>
          ) : null
        }
        style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}
      >
        {t("inbox.mobileEntry")}
      </NavBar>
      {query.isError ? (
        <ErrorBlock status="default" title={t("errors.loadFailed")} description={query.error.message} />
      ) : query.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      ) : items.length === 0 ? (
        <div className="gz-center">
          <ErrorBlock status="empty" title={t("inbox.empty")} description="" />
        </div>
      ) : (
        <div className="gz-card" style={{ margin: 12 }}>
          {unread ? (
            <div className="gz-card-title" style={{ paddingBottom: 8 }}>
              {t("inbox.unreadCount", { count: unread })}
            </div>
          ) : null}
          <List>
            {items.map((n) => (
              <List.Item
                key={n.id}
                onClick={() => tap(n)}
                description={
                  <>
                    {n.body ? <div style={{ color: "#4e5969", margin: "2px 0" }}>{n.body}</div> : null}
                    <div>
                      {t(`inbox.kinds.${n.kind}`, { defaultValue: t("inbox.kinds.other") })} · {formatDateTime(n.createdAt)}
                    </div>
                  </>
                }
                prefix={
                  <span
                    aria-hidden
                    style={{
                      display: "inline-block",
                      width: 8,
                      height: 8,
                      borderRadius: 4,
                      background: n.readAt ? "transparent" : "var(--adm-color-primary)",
                    }}
                  />
                }
                data-testid="inbox-item"
                data-unread={n.readAt ? "false" : "true"}
              >
                <span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>
              </List.Item>
            ))}
          </List>
          <div className="gz-more">
            {query.hasNextPage ? (
              <Button size="small" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t("mobile.loadMore")}
              </Button>
            ) : (
              <span className="gz-muted">{t("mobile.noMore")}</span>
            )}
          </div>
        </div>
      )}
      {toast}
    </div>
  );
}
