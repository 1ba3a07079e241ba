import type { Db } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import { notifyAccounts } from "../notifications/notifications.repository.js";
import { accountsOfPeople, staffOver } from "./identity.js";
import { REPORT_IN_ACTIVITY } from "./report-ins.routes.js";

/**
 * Gentle reminders, never a daily check-in: a reported member who has done nothing in their community for
 * `quietDays` is reminded once per `quietDays`; a published wish nobody has claimed for `unclaimedDays` is brought
 * to the community's staff once per `unclaimedDays`.
 *
 * Several processes may run this at once: each round claims rows with `FOR UPDATE SKIP LOCKED` and sets
 * `last_reminded_at` in the same short transaction, and the condition re-checks that mark, so each reminder goes
 * out once.
 */
export interface ReminderOptions {
  now?: Date;
  quietDays?: number;
  unclaimedDays?: number;
  batch?: number;
  maxRounds?: number;
}

export interface ReminderResult {
  quietMembers: number;
  unclaimedWishes: number;
}

export async function runVolunteerReminders(db: Db, opts: ReminderOptions = {}): Promise<ReminderResult> {
  const now = opts.now ?? new Date();
  const quiet = opts.quietDays ?? 90;
  const unclaimed = opts.unclaimedDays ?? 7;
  const batch = opts.batch ?? 200;
  const rounds = opts.maxRounds ?? 50;
  const result: ReminderResult = { quietMembers: 0, unclaimedWishes: 0 };

  for (let i = 0; i < rounds; i++) {
    const n = await db.tx(async (q) => {
      const { rows } = await q.query<{ id: string; person_id: string; community_name: string }>(
        `SELECT r.id, r.person_id, ca.name AS community_name
           FROM report_ins r JOIN areas ca ON ca.code = r.community_code ${REPORT_IN_ACTIVITY}
          WHERE r.kind = 'member' AND r.status = 'confirmed'
            AND EXISTS (SELECT 1 FROM account_people ap WHERE ap.person_id = r.person_id)
            AND coalesce(greatest(act.last_at, wi.last_at, co.last_at), r.decided_at, r.requested_at) < $1::timestamptz - make_interval(days => $2)
            AND (r.last_reminded_at IS NULL OR r.last_reminded_at < $1::timestamptz - make_interval(days => $2))
          ORDER BY r.id LIMIT $3 FOR UPDATE OF r SKIP LOCKED`,
        [now, quiet, batch],
      );
      for (const r of rows) {
        await notifyAccounts(q, await accountsOfPeople(q, [r.person_id]), {
          kind: "report_in.quiet",
          title: `${r.community_name}期待您的参与`,
          body: "最近有新的志愿服务活动和微心愿，欢迎在“我的报到”中查看。",
        });
      }
      if (rows.length)
        await q.query("UPDATE report_ins SET last_reminded_at = $2 WHERE id = ANY($1::uuid[])", [rows.map((r) => r.id), now]);
      return rows.length;
    });
    result.quietMembers += n;
    if (n < batch) break;
  }

  for (let i = 0; i < rounds; i++) {
    const n = await db.tx(async (q) => {
      const { rows } = await q.query<{ id: string; area_code: string; title: string }>(
        `SELECT w.id, w.area_code, w.title FROM wishes w
          WHERE w.status = 'published' AND w.published_at < $1::timestamptz - make_interval(days => $2)
            AND (w.last_reminded_at IS NULL OR w.last_reminded_at < $1::timestamptz - make_interval(days => $2))
          ORDER BY w.id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [now, unclaimed, batch],
      );
      for (const w of rows) {
        await notifyAccounts(q, await staffOver(q, w.area_code), {
          kind: "wish.unclaimed",
          title: `微心愿“${w.title}”已发布${unclaimed}天仍无人认领`,
        });
      }
      if (rows.length) await q.query("UPDATE wishes SET last_reminded_at = $2 WHERE id = ANY($1::uuid[])", [rows.map((r) => r.id), now]);
      return rows.length;
    });
    result.unclaimedWishes += n;
    if (n < batch) break;
  }
  return result;
}

interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs the reminders every SWEEP_INTERVAL_SECONDS (0 leaves them off); runs never overlap. */
export function startVolunteerJobs(deps: Pick<Deps, "db" | "config">, log: JobLog): { stop(): Promise<void> } {
  const ms = deps.config.sweepIntervalMs;
  if (ms <= 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    timer = null;
    if (stopped) return;
    running = runVolunteerReminders(deps.db)
      .then((r) => {
        if (r.quietMembers || r.unclaimedWishes) log.info({ reminders: r }, "volunteer reminders sent");
      })
      .catch((err) => log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, "volunteer reminders failed"))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  timer = setTimeout(tick, ms);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
