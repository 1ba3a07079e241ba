// Service on the phone: activities to sign up for (and withdraw from), my verified hours with the star level and the
// service record, and my points statement for the year — where every point came from, never a ranking.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Activity,
  formatHours,
  formatPoints,
  MY_SERVICE_RECORD_URL,
  STAR_THRESHOLDS_HOURS,
  thisYear,
  useActivities,
  useActivity,
  useMyPoints,
  useMyVolunteer,
  useVPost,
  useWishes,
  vKeys,
} from "../features/volunteers/api";
import { formatDateTime } from "../shared/format";
import { Button, List, Tag } from "./adm";
import { navigate, useLocation } from "./router";
import { EmptyBlock, QueryBody, Segment, ServePage } from "./serve-ui";

function timeSpan(a: Pick<Activity, "startsAt" | "endsAt">): string {
  const start = formatDateTime(a.startsAt);
  const end = formatDateTime(a.endsAt);
  // Same day: show the end's time only.
  return start.slice(0, 10) === end.slice(0, 10) ? `${start} – ${end.slice(11)}` : `${start} – ${end}`;
}

function SignupTag({ a }: { a: Activity }) {
  const { t } = useTranslation();
  if (a.status === "cancelled") return <Tag color="default">{t("volunteers.enums.activityStatus.cancelled")}</Tag>;
  if (a.mySignup && a.mySignup.status !== "withdrawn")
    return (
      <Tag color={a.mySignup.status === "confirmed" ? "success" : a.mySignup.status === "declined" ? "danger" : "warning"}>
        {t(`volunteers.enums.signupStatus.${a.mySignup.status}`)}
      </Tag>
    );
  if (a.taken >= a.capacity) return <Tag color="default">{t("volunteers.m.full")}</Tag>;
  return (
    <Tag color="primary" fill="outline">
      {t("volunteers.m.places", { left: a.capacity - a.taken })}
    </Tag>
  );
}

type ActivityTab = "upcoming" | "mine";

/** 志愿活动: open activities and shifts, and the ones I signed up for. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const { params } = useLocation();
  const tab: ActivityTab = params.get("tab") === "mine" ? "mine" : "upcoming";
  const query = useActivities(tab === "mine" ? { mine: true, when: "all", pageSize: 50 } : { when: "upcoming", pageSize: 50 });
  const items = query.data?.items ?? [];
  return (
    <ServePage title={t("volunteers.m.activities")} testId="activities-page">
      <div style={{ padding: "12px 12px 0" }}>
        <Segment<ActivityTab>
          values={["upcoming", "mine"]}
          value={tab}
          onChange={(v) => navigate(v === "mine" ? "/volunteer-activities?tab=mine" : "/volunteer-activities", { replace: true })}
          label={(v) => t(`volunteers.m.activityTabs.${v}`)}
          testId="activity-tab"
        />
      </div>
      <QueryBody query={query}>
        {() =>
          items.length === 0 ? (
            <EmptyBlock title={t(tab === "mine" ? "volunteers.m.noMyActivities" : "volunteers.m.noActivities")} />
          ) : (
            <div className="gz-card gz-list-card">
              <List>
                {items.map((a) => (
                  <List.Item
                    key={a.id}
                    onClick={() => navigate(`/volunteer-activities/${a.id}`)}
                    description={`${timeSpan(a)} · ${a.place}`}
                    extra={<SignupTag a={a} />}
                    data-testid="activity-item"
                  >
                    {a.title}
                  </List.Item>
                ))}
              </List>
            </div>
          )
        }
      </QueryBody>
    </ServePage>
  );
}

/** One activity: when, where, how many places, required skills; sign up or withdraw. */
export function ActivityPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useActivity(id);
  const post = useVPost([vKeys.activities, vKeys.volunteers]);
  return (
    <ServePage title={t("volunteers.m.activity")} testId="activity-page">
      <QueryBody query={query}>
        {(a) => (
          <>
            <div className="gz-cards" style={{ marginTop: 12 }}>
              <div className="gz-card">
                <div className="gz-card-body">
                  <div className="gz-wish-title">{a.title}</div>
                  <div className="gz-tags">
                    <SignupTag a={a} />
                    <Tag fill="outline">{t(`volunteers.enums.signupMode.${a.signupMode}`)}</Tag>
                  </div>
                  {a.description ? <p className="gz-desc">{a.description}</p> : null}
                </div>
                <List>
                  <List.Item extra={timeSpan(a)} arrowIcon={false}>
                    {t("volunteers.fields.time")}
                  </List.Item>
                  <List.Item description={a.place} extra={a.areaName} arrowIcon={false}>
                    {t("volunteers.fields.place")}
                  </List.Item>
                  <List.Item extra={t("volunteers.m.takenOf", { taken: a.taken, capacity: a.capacity })} arrowIcon={false}>
                    {t("volunteers.fields.capacity")}
                  </List.Item>
                  {a.teamName ? (
                    <List.Item extra={a.teamName} arrowIcon={false}>
                      {t("volunteers.fields.team")}
                    </List.Item>
                  ) : null}
                  {a.requiredSkills.length ? (
                    <List.Item description={a.requiredSkills.join("、")} arrowIcon={false}>
                      {t("volunteers.fields.requiredSkills")}
                    </List.Item>
                  ) : null}
                </List>
              </div>
              <div className="gz-muted" style={{ padding: "0 4px" }}>
                {t("volunteers.m.hoursRule")}
              </div>
            </div>
            {post.isError ? (
              <div className="gz-error" role="alert" style={{ marginTop: 12 }} data-testid="activity-error">
                {post.error.message}
              </div>
            ) : null}
            <div className="gz-actions">
              {a.abilities.signUp ? (
                <Button
                  block
                  color="primary"
                  size="large"
                  loading={post.isPending}
                  onClick={() => post.mutate({ path: `/api/v1/activities/${a.id}/signups` })}
                  data-testid="activity-signup"
                >
                  {t(a.signupMode === "request" ? "volunteers.m.requestSignup" : "volunteers.m.signUp")}
                </Button>
              ) : null}
              {a.abilities.withdraw ? (
                <Button
                  block
                  color="danger"
                  fill="outline"
                  loading={post.isPending}
                  onClick={() => post.mutate({ path: `/api/v1/activities/${a.id}/withdraw` })}
                  data-testid="activity-withdraw"
                >
                  {t("volunteers.m.withdraw")}
                </Button>
              ) : null}
            </div>
          </>
        )}
      </QueryBody>
    </ServePage>
  );
}

function Stars({ star }: { star: number }) {
  return (
    <span className="gz-stars" aria-hidden>
      {"★".repeat(star)}
      {"☆".repeat(5 - star)}
    </span>
  );
}

/** The wishes I claimed: part of what I did, beside the hours. */
function MyClaimedWishes() {
  const { t } = useTranslation();
  const query = useWishes({ mine: true, pageSize: 50 });
  // Mine are those I posted or claimed; the wisher's identity is shown only to the wisher, so a claimed one has none.
  const items = (query.data?.items ?? []).filter((w) => w.claimant && w.wisher === null);
  if (!items.length) return null;
  return (
    <div className="gz-card" data-testid="my-claimed-wishes">
      <div className="gz-card-title">{t("volunteers.m.claimedWishes")}</div>
      <List>
        {items.map((w) => (
          <List.Item
            key={w.id}
            onClick={() => navigate(`/wishes/${w.id}`)}
            description={w.fulfilment ? formatDateTime(w.fulfilment.at) : w.areaName}
            extra={<Tag color={w.status === "confirmed" ? "success" : "primary"}>{t(`volunteers.enums.wishStatus.${w.status}`)}</Tag>}
            data-testid="claimed-wish"
          >
            {w.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** 我的服务: verified hours (travel not counted), the star level and the way to the next, recent service, the record. */
export function MyServicePage() {
  const { t } = useTranslation();
  const query = useMyVolunteer();
  return (
    <ServePage title={t("volunteers.m.myService")} testId="my-service-page">
      <QueryBody query={query}>
        {(d) => {
          const h = d.hours;
          const next = STAR_THRESHOLDS_HOURS.find((x) => h.verifiedHours < x);
          const prev = [...STAR_THRESHOLDS_HOURS].reverse().find((x) => h.verifiedHours >= x) ?? 0;
          const pct = next ? Math.min(100, Math.round(((h.verifiedHours - prev) / (next - prev)) * 100)) : 100;
          return (
            <div className="gz-cards" style={{ marginTop: 12 }}>
              <div className="gz-card">
                <div className="gz-card-body">
                  <div className="gz-row">
                    <div>
                      <div className="gz-muted">{t("volunteers.m.verifiedHours")}</div>
                      <div className="gz-big" data-testid="verified-hours">
                        {formatHours(h.verifiedHours)}
                      </div>
                    </div>
                    <div style={{ textAlign: "right" }}>
                      <Stars star={h.star} />
                      <div className="gz-muted" data-testid="star-label">
                        {h.star ? h.starLabel || t("volunteers.m.stars", { count: h.star }) : t("volunteers.m.noStar")}
                      </div>
                    </div>
                  </div>
                  <div className="gz-progress">
                    <div style={{ width: `${pct}%` }} />
                  </div>
                  <div className="gz-muted" style={{ marginTop: 6 }}>
                    {h.hoursToNextStar !== null
                      ? t("volunteers.m.toNextStar", { hours: formatHours(h.hoursToNextStar) })
                      : t("volunteers.m.topStar")}
                  </div>
                </div>
                <div className="gz-card-body gz-stats" style={{ paddingTop: 0 }}>
                  <div>
                    <div className="gz-stat-value" data-testid="pending-hours">
                      {formatHours(h.pendingHours)}
                    </div>
                    <div className="gz-stat-label">{t("volunteers.m.pendingHours")}</div>
                  </div>
                  <div>
                    <div className="gz-stat-value" data-testid="activity-count">
                      {h.activities}
                    </div>
                    <div className="gz-stat-label">{t("volunteers.m.activityCount")}</div>
                  </div>
                  <div>
                    <div className="gz-stat-value gz-mono" style={{ fontSize: 15, lineHeight: "33px" }}>
                      {d.volunteer?.number ?? "—"}
                    </div>
                    <div className="gz-stat-label">{t("volunteers.fields.number")}</div>
                  </div>
                </div>
              </div>
              {d.volunteer ? null : <div className="gz-note">{t("volunteers.m.notVolunteer")}</div>}
              <div className="gz-card">
                <div className="gz-card-title">{t("volunteers.m.recent")}</div>
                {d.recent.length === 0 ? (
                  <div className="gz-card-body gz-muted">{t("volunteers.m.noRecent")}</div>
                ) : (
                  <List>
                    {d.recent.map((r) => (
                      <List.Item
                        key={`${r.activityId}-${r.startsAt}`}
                        onClick={() => navigate(`/volunteer-activities/${r.activityId}`)}
                        description={formatDateTime(r.startsAt)}
                        extra={
                          <span>
                            {r.serviceMinutes !== null ? t("volunteers.m.hoursShort", { hours: formatHours(r.serviceMinutes / 60) }) : "—"}{" "}
                            <Tag color={r.verified ? "success" : "warning"} fill="outline">
                              {t(r.verified ? "volunteers.m.verified" : "volunteers.m.unverified")}
                            </Tag>
                          </span>
                        }
                        data-testid="service-item"
                      >
                        {r.title}
                      </List.Item>
                    ))}
                  </List>
                )}
              </div>
              <MyClaimedWishes />
              <div className="gz-muted" style={{ padding: "0 4px" }}>
                {t("volunteers.m.starRule")}
              </div>
              <Button
                block
                color="primary"
                fill="outline"
                onClick={() => window.location.assign(MY_SERVICE_RECORD_URL)}
                data-testid="service-record"
              >
                {t("volunteers.m.downloadRecord")}
              </Button>
            </div>
          );
        }}
      </QueryBody>
    </ServePage>
  );
}

/** 我的积分: the year's statement, line by line with the events behind each line. No ranking. */
export function MyPointsPage() {
  const { t } = useTranslation();
  const current = thisYear();
  const [year, setYear] = useState(current);
  const years = [current, current - 1, current - 2].map(String);
  const query = useMyPoints(year);
  return (
    <ServePage title={t("volunteers.m.myPoints")} testId="my-points-page">
      <div style={{ padding: "12px 12px 0" }}>
        <Segment
          values={years}
          value={String(year)}
          onChange={(v) => setYear(Number(v))}
          label={(v) => t("volunteers.m.year", { year: v })}
          testId="points-year"
        />
      </div>
      <QueryBody query={query}>
        {(s) => (
          <div className="gz-cards" style={{ marginTop: 4 }}>
            <div className="gz-card">
              <div className="gz-card-body">
                <div className="gz-row">
                  <div style={{ flex: "none" }}>
                    <div className="gz-muted">{t("volunteers.m.pointsTotal", { year: s.year })}</div>
                    <div className="gz-big" data-testid="points-total">
                      {formatPoints(s.total)}
                    </div>
                  </div>
                  <div style={{ textAlign: "right" }}>
                    <Tag color="primary" fill="outline">
                      {t(`volunteers.enums.memberCategory.${s.category}`)}
                    </Tag>
                    <div className="gz-muted" style={{ marginTop: 4 }}>
                      {s.partyOrgName ?? ""}
                    </div>
                  </div>
                </div>
                {s.commendationCandidate ? (
                  <div className="gz-note" style={{ margin: "10px 0 0" }}>
                    {t("volunteers.m.candidate")}
                  </div>
                ) : null}
                {s.cappedHoursPoints > 0 ? (
                  <div className="gz-muted" style={{ marginTop: 8 }}>
                    {t("volunteers.m.capped", { points: formatPoints(s.cappedHoursPoints), cap: s.rules.hoursCap })}
                  </div>
                ) : null}
              </div>
            </div>
            <div className="gz-card" data-testid="points-lines">
              <div className="gz-card-title">{t("volunteers.m.pointsWhere")}</div>
              {s.lines.length === 0 ? (
                <div className="gz-card-body gz-muted">{t("volunteers.m.noPoints")}</div>
              ) : (
                <div style={{ marginTop: 8 }}>
                  {s.lines.map((line) => (
                    <details key={line.source} className="gz-point-line" data-testid={`points-line-${line.source}`}>
                      <summary>
                        <span>
                          {t(`volunteers.enums.pointSource.${line.source}`)}
                          <span className="gz-muted"> × {formatPoints(line.quantity)}</span>
                        </span>
                        <b>{formatPoints(line.points)}</b>
                      </summary>
                      {line.details.map((d) => (
                        <div className="gz-point-detail" key={`${d.date}-${d.title}-${d.points}`}>
                          <span>
                            {d.date.slice(0, 10)} {d.title}
                          </span>
                          <span>{formatPoints(d.points)}</span>
                        </div>
                      ))}
                    </details>
                  ))}
                </div>
              )}
            </div>
            <div className="gz-muted" style={{ padding: "0 4px" }}>
              {t("volunteers.m.pointsRule")}
            </div>
          </div>
        )}
      </QueryBody>
    </ServePage>
  );
}
