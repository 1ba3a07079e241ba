// 双报到 on the phone: an in-service party member reports to the community where they live, with the year's
// commitments, and sees what they have done there; and 结对: the member's pairs and the contacts they log.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  COMMON_SKILLS,
  CONTACT_KINDS,
  formatHours,
  type Pairing,
  type ReportIn,
  thisYear,
  useMyPairings,
  useMyReportIns,
  usePairing,
  useVPost,
  vKeys,
} from "../features/volunteers/api";
import { fieldErrors } from "../shared/api";
import { formatDateTime } from "../shared/format";
import { List, Tag } from "./adm";
import { CommunityPicker, EmptyBlock, QueryBody, Segment, ServePage, SubmitButton } from "./serve-ui";
import { onSubmit, Sheet, useToast } from "./ui";

const REPORT_TAG: Record<ReportIn["status"], string> = {
  requested: "warning",
  confirmed: "success",
  declined: "danger",
  withdrawn: "default",
};

function ReportInCard({ r }: { r: ReportIn }) {
  const { t } = useTranslation();
  return (
    <div className="gz-card" data-testid="my-report-in">
      <div className="gz-card-body">
        <div className="gz-row">
          <div className="gz-name">{r.communityName}</div>
          <Tag color={REPORT_TAG[r.status]}>{t(`volunteers.enums.reportInStatus.${r.status}`)}</Tag>
        </div>
        <div className="gz-muted">
          {t("volunteers.m.reportYear", { year: r.year })} · {formatDateTime(r.requestedAt)}
        </div>
        {r.declineReason ? <div className="gz-field-error">{r.declineReason}</div> : null}
      </div>
      {r.commitment ? (
        <List>
          <List.Item extra={t("volunteers.m.hoursShort", { hours: r.commitment.hours })} arrowIcon={false}>
            {t("volunteers.fields.commitHours")}
          </List.Item>
          {r.commitment.tasks.length ? (
            <List.Item description={r.commitment.tasks.join("；")} arrowIcon={false}>
              {t("volunteers.fields.commitTasks")}
            </List.Item>
          ) : null}
          {r.commitment.skills.length ? (
            <List.Item description={r.commitment.skills.join("、")} arrowIcon={false}>
              {t("volunteers.fields.commitSkills")}
            </List.Item>
          ) : null}
        </List>
      ) : null}
      <div className="gz-card-body gz-stats">
        <div>
          <div className="gz-stat-value">{formatHours(r.activity.verifiedHours)}</div>
          <div className="gz-stat-label">{t("volunteers.m.servedHours")}</div>
        </div>
        <div>
          <div className="gz-stat-value">{r.activity.wishesFulfilled}</div>
          <div className="gz-stat-label">{t("volunteers.m.wishesFulfilled")}</div>
        </div>
        <div>
          <div className="gz-stat-value">{r.activity.activitiesAttended}</div>
          <div className="gz-stat-label">{t("volunteers.m.activitiesAttended")}</div>
        </div>
      </div>
    </div>
  );
}

/** 双报到: my report-ins with what I did there this year, and a request to report to my residential community. */
export function ReportInPage() {
  const { t } = useTranslation();
  const mine = useMyReportIns();
  const [community, setCommunity] = useState("");
  const [hours, setHours] = useState("20");
  const [tasks, setTasks] = useState("");
  const [skills, setSkills] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [toast, showToast] = useToast();
  const ids = { hours: useId(), tasks: useId() };
  const post = useVPost<object, ReportIn>([vKeys.reportIns]);
  const errors = fieldErrors(post.error);
  const hoursNumber = Number(hours);
  const badHours = !/^\d{1,4}$/.test(hours.trim()) || hoursNumber > 2000;
  const year = thisYear();
  const current = (mine.data ?? []).filter((r) => r.year === year && (r.status === "requested" || r.status === "confirmed"));
  const submit = () => {
    setTried(true);
    if (!community || badHours) return;
    post.mutate(
      {
        path: "/api/v1/report-ins",
        body: {
          kind: "member",
          communityCode: community,
          year,
          commitment: {
            hours: hoursNumber,
            tasks: tasks
              .split(/[\n；;]/)
              .map((s) => s.trim())
              .filter(Boolean)
              .slice(0, 20),
            skills,
          },
        },
      },
      { onSuccess: () => showToast(t("volunteers.m.reportInSent")) },
    );
  };
  return (
    <ServePage title={t("volunteers.m.reportIn")} testId="report-in-page">
      <div className="gz-muted" style={{ padding: "12px 16px 0" }}>
        {t("volunteers.m.reportInText")}
      </div>
      <QueryBody query={mine} lines={3}>
        {(items) =>
          items.length ? (
            <div className="gz-cards" style={{ marginTop: 12 }}>
              {items.map((r) => (
                <ReportInCard key={r.id} r={r} />
              ))}
            </div>
          ) : null
        }
      </QueryBody>
      {current.length ? null : (
        <div className="gz-card" style={{ margin: 12 }} data-testid="report-in-form">
          <div className="gz-card-title">{t("volunteers.m.reportInNew", { year })}</div>
          {post.isError ? (
            <div className="gz-error" role="alert" style={{ marginTop: 12 }} data-testid="report-in-error">
              {post.error.message}
            </div>
          ) : null}
          <form className="gz-form" style={{ paddingBottom: 16 }} onSubmit={onSubmit(submit)} noValidate>
            <CommunityPicker
              value={community}
              onChange={setCommunity}
              error={tried && !community ? t("volunteers.m.communityRequired") : (errors.communityCode ?? null)}
            />
            <div className="gz-field">
              <label className="gz-field-label" htmlFor={ids.hours}>
                {t("volunteers.fields.commitHours")}
              </label>
              <input
                id={ids.hours}
                className="gz-select"
                inputMode="numeric"
                value={hours}
                onChange={(e) => setHours(e.target.value)}
                data-testid="commit-hours"
              />
              {tried && badHours ? <span className="gz-field-error">{t("volunteers.m.badHours")}</span> : null}
            </div>
            <div className="gz-field">
              <label className="gz-field-label" htmlFor={ids.tasks}>
                {t("volunteers.fields.commitTasks")} {t("report.optional")}
              </label>
              <textarea
                id={ids.tasks}
                className="gz-textarea"
                rows={3}
                value={tasks}
                placeholder={t("volunteers.m.tasksPlaceholder")}
                onChange={(e) => setTasks(e.target.value)}
                data-testid="commit-tasks"
              />
            </div>
            <div className="gz-field">
              <span className="gz-field-label">
                {t("volunteers.fields.commitSkills")} {t("report.optional")}
              </span>
              <div className="gz-chips">
                {COMMON_SKILLS.map((s) => (
                  <button
                    key={s}
                    type="button"
                    className={skills.includes(s) ? "gz-chip on" : "gz-chip"}
                    aria-pressed={skills.includes(s)}
                    onClick={() => setSkills((prev) => (prev.includes(s) ? prev.filter((x) => x !== s) : [...prev, s]))}
                  >
                    {s}
                  </button>
                ))}
              </div>
            </div>
            <SubmitButton loading={post.isPending} testId="report-in-submit">
              {t("volunteers.m.reportInSubmit")}
            </SubmitButton>
          </form>
        </div>
      )}
      {toast}
    </ServePage>
  );
}

function ContactSheet({ pair, onClose }: { pair: Pairing | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = usePairing(pair?.id ?? null);
  const [kind, setKind] = useState<(typeof CONTACT_KINDS)[number]>("visit");
  const [note, setNote] = useState("");
  const noteId = useId();
  const post = useVPost([vKeys.pairings]);
  return (
    <Sheet open={!!pair} onClose={onClose} title={pair?.residentName} testId="pair-sheet">
      {pair ? (
        <>
          <form
            className="gz-form"
            onSubmit={onSubmit(() =>
              post.mutate(
                { path: `/api/v1/pairings/${pair.id}/contacts`, body: { kind, note: note.trim() || undefined } },
                { onSuccess: () => setNote("") },
              ),
            )}
            noValidate
          >
            <Segment
              values={CONTACT_KINDS}
              value={kind}
              onChange={setKind}
              label={(k) => t(`volunteers.enums.contactKind.${k}`)}
              testId="contact-kind"
            />
            <div className="gz-field">
              <label className="gz-field-label" htmlFor={noteId}>
                {t("volunteers.fields.contactNote")} {t("report.optional")}
              </label>
              <textarea
                id={noteId}
                className="gz-textarea"
                rows={2}
                maxLength={1000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            {post.isError ? (
              <div className="gz-error" role="alert" style={{ margin: 0 }}>
                {post.error.message}
              </div>
            ) : null}
            <SubmitButton loading={post.isPending} testId="contact-submit">
              {t("volunteers.m.logContact")}
            </SubmitButton>
          </form>
          <div className="gz-card-title">{t("volunteers.m.contacts")}</div>
          <QueryBody query={detail} lines={3}>
            {(d) =>
              d.contacts.length ? (
                <List>
                  {d.contacts.map((c) => (
                    <List.Item key={c.id} description={c.note ?? undefined} extra={formatDateTime(c.at)} arrowIcon={false}>
                      {t(`volunteers.enums.contactKind.${c.kind}`)}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <div className="gz-card-body gz-muted">{t("volunteers.m.noContacts")}</div>
              )
            }
          </QueryBody>
        </>
      ) : null}
    </Sheet>
  );
}

/** 我的结对: the residents I am paired with, when I last was in touch, and a contact to log. */
export function MyPairsPage() {
  const { t } = useTranslation();
  const query = useMyPairings();
  const [open, setOpen] = useState<Pairing | null>(null);
  return (
    <ServePage title={t("volunteers.m.myPairs")} testId="my-pairs-page">
      <QueryBody query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyBlock title={t("volunteers.m.noPairs")} />
          ) : (
            <div className="gz-card gz-list-card">
              <List>
                {items.map((p) => (
                  <List.Item
                    key={p.id}
                    onClick={() => setOpen(p)}
                    description={`${t(`volunteers.enums.pairingKind.${p.kind}`)} · ${p.areaName}`}
                    extra={
                      <Tag color={p.quietDays > 30 ? "warning" : "success"} fill="outline">
                        {p.lastContactAt ? t("volunteers.m.daysSince", { count: p.quietDays }) : t("volunteers.m.noContactYet")}
                      </Tag>
                    }
                    data-testid="pair-item"
                  >
                    {p.residentName}
                  </List.Item>
                ))}
              </List>
            </div>
          )
        }
      </QueryBody>
      <ContactSheet pair={open} onClose={() => setOpen(null)} />
    </ServePage>
  );
}
