import type { DeadlineRule } from "@gongzhi/contracts";
import type { Db, Queryable } from "../../db/client.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { chinaDateTime } from "../calendar/working-time.js";
import { foldRollups, vacuumRollups } from "../command-centre/rollups.repository.js";
import { configuredChannels } from "../notifications/channels.js";
import { type DispatchResult, dispatchOutbox } from "../notifications/outbox.js";
import { CASE_SELECT } from "./cases.repository.js";
import { appendCaseEvent } from "./cases.transition.js";
import { findCategory } from "./categories.repository.js";
import { calendarCache, deadlineRuleFor, REMINDER, reminderDue } from "./workflow.deadlines.js";
import { deliverNotices, quoted } from "./workflow.notify.js";
import { nextLevelUp, type StepContext, takeAction, type WorkflowCase } from "./workflow.service.js";

/**
 * The deadlines sweeper: reminds handlers before a deadline, marks cases overdue after it (and, when automatic
 * escalation is on, moves them one level up), and closes resolved cases whose rating window has passed.
 *
 * Several server processes may sweep at once. Each kind of work claims its rows with
 * `SELECT … FOR UPDATE SKIP LOCKED` in a short transaction and writes its mark (reminded_at, overdue_at, the
 * status) in the same transaction, and every claim re-checks that the mark is still missing: a row locked by one
 * sweeper is skipped by the others, and once committed it no longer matches. So each case is reminded, marked
 * overdue, escalated and closed once.
 */

export interface SweepOptions {
  now?: Date;
  /** rows claimed per transaction */
  batch?: number;
  /** transactions per kind of work per sweep, so one sweep always ends */
  maxRounds?: number;
  log?: SweepLog;
}

interface SweepLog {
  warn(obj: object, msg: string): void;
}

export interface SweepResult {
  reminded: number;
  overdue: number;
  escalated: number;
  closed: number;
}

const SYSTEM: AuditContext = { actorId: null, actorLabel: "系统", ip: null };
const WORKING = "('assigned','in_progress')";
/**
 * Folding the command-centre rollups: the pause after a round that caught up, and after one that did not (a burst of
 * intake left more than a round folds); how long a round folds at most; rows per fold (small on PGlite, where every
 * statement waits for the one before, so none may be long).
 */
const ROLLUP_FOLD_IDLE_MS = 15_000;
const ROLLUP_FOLD_BUSY_MS = 1_000;
const ROLLUP_FOLD_ROUND_MS = 3_000;
const ROLLUP_FOLD_ROWS = { pg: 10_000, pglite: 2_000 } as const;
/** Rows a process folds between its vacuums of the rollups (about 100,000 reports). */
const ROLLUP_VACUUM_ROWS = 500_000;
/** How far ahead reminders are looked for: the reminder point of a limit up to about 100 working days lies within it. */
const REMINDER_HORIZON_DAYS = 45;

/**
 * Claims up to `batch` rows of a condition in one transaction and runs `fn` on each; repeats until none are left.
 * Each row runs under a savepoint: a row that fails is rolled back alone, logged, and left for the next sweep.
 * `sql` takes the ids to leave out as its last parameter.
 */
async function claimRounds(
  db: Db,
  opts: Required<Pick<SweepOptions, "batch" | "maxRounds">> & { log?: SweepLog },
  sql: string,
  params: unknown[],
  fn: (q: Queryable, c: WorkflowCase) => Promise<void>,
): Promise<void> {
  const failed: string[] = [];
  for (let round = 0; round < opts.maxRounds; round++) {
    const n = await db.tx(async (q) => {
      const { rows } = await q.query<WorkflowCase>(`${sql} LIMIT ${opts.batch} FOR UPDATE OF c SKIP LOCKED`, [...params, failed]);
      for (const c of rows) {
        await q.query("SAVEPOINT sweep_row");
        try {
          await fn(q, c);
          await q.query("RELEASE SAVEPOINT sweep_row");
        } catch (err) {
          await q.query("ROLLBACK TO SAVEPOINT sweep_row");
          failed.push(c.id);
          opts.log?.warn({ caseId: c.id, err: { type: (err as Error).name, message: (err as Error).message } }, "sweeping a case failed");
        }
      }
      return rows.length;
    });
    if (n < opts.batch) return;
  }
}

async function systemEvent(q: Queryable, c: WorkflowCase, action: "remind" | "overdue", data: Record<string, unknown>): Promise<void> {
  await appendCaseEvent(q, SYSTEM, { caseId: c.id, action, from: c.status, to: c.status, data, areaCode: c.area_code });
  await writeAudit(q, SYSTEM, { action: `case.${action}`, objectType: "case", objectId: c.id, areaCode: c.area_code, after: data });
}

/**
 * One sweep over all cases. Overdue cases move one level up when their category says so
 * (case_categories.auto_escalate), or, where it does not decide, when the configuration's AUTO_ESCALATE does.
 */
export async function runSweep(deps: Pick<Deps, "db" | "vault" | "config">, opts: SweepOptions = {}): Promise<SweepResult> {
  const { db } = deps;
  const now = opts.now ?? new Date();
  const claim = { batch: opts.batch ?? 50, maxRounds: opts.maxRounds ?? 200, log: opts.log };
  const result: SweepResult = { reminded: 0, overdue: 0, escalated: 0, closed: 0 };
  const ctx: StepContext = { actor: null, audit: SYSTEM, deps, now, extraRelations: ["system"] };

  // 1. Overdue: past the deadline with the clock running, not yet marked.
  const autoEscalate = new Map<string, boolean>();
  const escalates = async (q: Queryable, code: string | null) => {
    if (!code) return deps.config.autoEscalate;
    if (!autoEscalate.has(code)) autoEscalate.set(code, (await findCategory(q, code))?.auto_escalate ?? deps.config.autoEscalate);
    return autoEscalate.get(code)!;
  };
  await claimRounds(
    db,
    claim,
    `${CASE_SELECT} WHERE c.status IN ${WORKING} AND c.deadline_at < $1 AND c.overdue_at IS NULL
      AND c.id <> ALL($2::uuid[]) ORDER BY c.deadline_at, c.id`,
    [now],
    async (q, c) => {
      await q.query("UPDATE cases SET overdue_at = $2, updated_at = now() WHERE id = $1", [c.id, now]);
      await systemEvent(q, c, "overdue", { deadlineAt: c.deadline_at!.toISOString() });
      await deliverNotices(q, deps, c, [
        {
          kind: "case.overdue",
          to: ["handler", "supervisors"],
          title: "事项已超期",
          body: `${quoted(c)}（${c.number}）已超过办理期限（${chinaDateTime(c.deadline_at!)}），请尽快办理。`,
        },
      ]);
      result.overdue++;
      if ((await escalates(q, c.category_code)) && (await nextLevelUp(q, c))) {
        await takeAction(q, ctx, c, "escalate", { reason: "超过办理期限，系统自动上报" });
        result.escalated++;
      }
    },
  );

  // 2. Reminders: worked out per case on its area's calendar, then claimed and marked.
  const calendars = calendarCache(db);
  const { rows: candidates } = await db.query<WorkflowCase>(
    `SELECT c.id, c.area_code, c.category_code, c.urgency, c.deadline_at FROM cases c
      WHERE c.status IN ${WORKING} AND c.reminded_at IS NULL AND c.overdue_at IS NULL
        AND c.deadline_at > $1 AND c.deadline_at <= $1::timestamptz + interval '${REMINDER_HORIZON_DAYS} days'`,
    [now],
  );
  const due: string[] = [];
  const rules = new Map<string, Promise<DeadlineRule>>();
  for (const c of candidates) {
    const key = `${c.category_code ?? ""}/${c.urgency}`;
    if (!rules.has(key)) rules.set(key, deadlineRuleFor(db, c.category_code, c.urgency));
    const rule = await rules.get(key)!;
    if (reminderDue(await calendars(c.area_code), rule, c.deadline_at!, now, REMINDER)) due.push(c.id);
  }
  for (let i = 0; i < due.length; i += claim.batch) {
    await db.tx(async (q) => {
      const { rows } = await q.query<WorkflowCase>(
        `${CASE_SELECT} WHERE c.id = ANY($1::uuid[]) AND c.status IN ${WORKING} AND c.reminded_at IS NULL AND c.overdue_at IS NULL
           AND c.deadline_at > $2 FOR UPDATE OF c SKIP LOCKED`,
        [due.slice(i, i + claim.batch), now],
      );
      for (const c of rows) {
        await q.query("UPDATE cases SET reminded_at = $2, updated_at = now() WHERE id = $1", [c.id, now]);
        await systemEvent(q, c, "remind", { deadlineAt: c.deadline_at!.toISOString() });
        await deliverNotices(q, deps, c, [
          {
            kind: "case.remind",
            to: ["handler"],
            title: "事项即将到期",
            body: `${quoted(c)}（${c.number}）将于${chinaDateTime(c.deadline_at!)}到期，请抓紧办理。`,
          },
        ]);
        result.reminded++;
      }
    });
  }

  // 3. Resolved cases whose rating window has passed close unrated (an unrated case never counts as satisfied).
  await claimRounds(
    db,
    claim,
    `${CASE_SELECT} WHERE c.status = 'resolved' AND c.rating_due_at < $1 AND c.id <> ALL($2::uuid[]) ORDER BY c.rating_due_at, c.id`,
    [now],
    async (q, c) => {
      await takeAction(q, ctx, c, "close_unrated", {});
      result.closed++;
    },
  );
  return result;
}

export interface Jobs {
  /** Stops scheduling and waits for the run in progress to finish. */
  stop(): Promise<void>;
}

interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs `fn` every `ms` (the next run is scheduled when one ends, so runs never overlap); a run that returns a number
 * has the next one that many milliseconds later instead.
 */
function every(ms: number, fn: () => Promise<unknown>, first = ms): Jobs {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    timer = null;
    if (stopped) return;
    let next = ms;
    running = fn()
      .then((n) => {
        if (typeof n === "number") next = n;
      })
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, next);
      });
  };
  timer = setTimeout(tick, first);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Starts the sweeper and the outbox dispatcher of a server process, every SWEEP_INTERVAL_SECONDS and
 * OUTBOX_INTERVAL_SECONDS of the configuration (0 leaves a job off), delivering through its configured gateways.
 */
export function startJobs(deps: Pick<Deps, "db" | "vault" | "config">, log: JobLog): Jobs {
  const { config } = deps;
  const jobs: Jobs[] = [];
  if (config.sweepIntervalMs > 0) {
    jobs.push(
      every(config.sweepIntervalMs, async () => {
        try {
          const r = await runSweep(deps, { log });
          if (r.reminded || r.overdue || r.escalated || r.closed) log.info({ sweep: r }, "deadlines swept");
        } catch (err) {
          log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, "deadlines sweep failed");
        }
      }),
    );
  }
  if (config.outboxIntervalMs > 0) {
    const channels = configuredChannels(config);
    jobs.push(
      every(config.outboxIntervalMs, async () => {
        try {
          const r: DispatchResult = await dispatchOutbox(deps.db, deps.vault, channels, { log });
          if (r.sent || r.failed || r.retried || r.recorded) log.info({ outbox: r }, "outbox delivered");
        } catch (err) {
          log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, "outbox delivery failed");
        }
      }),
    );
  }
  // The command-centre rollups: rows written since the last fold are folded into one per key, soon after start
  // (a restart finds what the last process left), then every ROLLUP_FOLD_IDLE_MS, or sooner while a burst is left;
  // the rollups are vacuumed after every ROLLUP_VACUUM_ROWS rows folded.
  let foldedSinceVacuum = 0;
  jobs.push(
    every(
      ROLLUP_FOLD_IDLE_MS,
      async () => {
        try {
          const r = await foldRollups(deps.db, { rows: ROLLUP_FOLD_ROWS[deps.db.kind], roundMs: ROLLUP_FOLD_ROUND_MS });
          foldedSinceVacuum += r.rows;
          if (foldedSinceVacuum >= ROLLUP_VACUUM_ROWS) {
            foldedSinceVacuum = 0;
            await vacuumRollups(deps.db);
          }
          return r.caughtUp ? ROLLUP_FOLD_IDLE_MS : ROLLUP_FOLD_BUSY_MS;
        } catch (err) {
          log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, "rollup fold failed");
          return ROLLUP_FOLD_IDLE_MS;
        }
      },
      ROLLUP_FOLD_BUSY_MS,
    ),
  );
  return { stop: async () => void (await Promise.all(jobs.map((j) => j.stop()))) };
}
