import type { DeadlineRule } from "@gongzhi/contracts";
import type { Queryable } from "../db/client.js";
import { workCalendarFor } from "../modules/calendar/calendar.repository.js";
import { atLocal, localDate, type WorkCalendar } from "../modules/calendar/working-time.js";
import { deadlineAfter, deadlineAfterHold, reminderDue } from "../modules/cases/workflow.deadlines.js";
import { rebuildRollups } from "../modules/command-centre/rollups.repository.js";
import { insertColumns, triggersOff, triggersOn } from "./bulk.js";
import type { CityAreas, GridRec } from "./generate-areas.js";
import { pointInRing, ringBBox } from "./geometry.js";
import { forkRandom, personName, type Random } from "./random.js";

/**
 * Three months of case history for the demo city: cases reported over the 90 days before the reference date
 * (local midnight of the day the seed runs, so that the history always ends "today"), spread over the
 * lowest-level grids, each with its events in order and its status the one its last transition led to.
 * The rate is Ordos' (about 1,660 cases a day) scaled down to about 190 a day. Outcomes are drawn so that the
 * assessment comes out near the published Ordos figures: response 95.7%, satisfaction 97.2%.
 */

export const CASE_HISTORY = {
  days: 90,
  perDay: 190,
  /** share of cases accepted before the deadline they were given at triage */
  respondOnTime: 0.957,
  /** share of accepted cases whose result is reported before the deadline */
  resolveOnTime: 0.9,
  /** a first rating that sends the case back, and a second one after the rework */
  unsatisfiedFirst: 0.045,
  unsatisfiedAgain: 0.5,
  /** share of resolved cases the resident rates (the rest close unrated when the window ends) */
  rated: 0.88,
  ratingWindowDays: 7,
  rejected: 0.015,
  merged: 0.01,
  held: 0.03,
  transferred: 0.12,
  /** open cases of the demo community, for its workbench */
  demoCommunityOpen: 12,
} as const;

const DEMO_COMMUNITY = "150603002002";
const DEMO_STREET = "150603002000";
const TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** What residents report, by category: titles and the details that follow them. */
const TITLES: Record<string, string[]> = {
  BJ0101: ["井盖破损", "井盖缺失有安全隐患", "雨水井盖松动"],
  BJ0102: ["路灯不亮", "路灯忽明忽暗", "一排路灯晚上都不亮"],
  BJ0105: ["水管漏水", "小区供水管道渗漏"],
  BJ0107: ["暖气管道漏水", "换热站异响"],
  BJ0201: ["红绿灯不亮", "信号灯故障"],
  BJ0204: ["路面坑洼", "人行道地砖破损", "盲道被损坏"],
  BJ0302: ["垃圾桶破损", "垃圾箱缺失"],
  BJ0401: ["大风刮倒行道树", "树枝断裂挂在电线上"],
  BJ0402: ["绿地被踩踏", "花坛损坏"],
  SJ0101: ["垃圾没人清理", "路边堆放生活垃圾"],
  SJ0103: ["路面油污", "道路不洁"],
  SJ0104: ["私搭乱建彩钢房", "楼顶违建"],
  SJ0106: ["烧烤油烟扰民", "餐馆油烟直排"],
  SJ0201: ["楼道小广告", "单元门贴满小广告"],
  SJ0301: ["夜间施工噪音扰民", "工地晚上还在施工"],
  SJ0304: ["工地扬尘", "渣土未覆盖"],
  SJ0401: ["流动摊贩占道经营", "路口摆摊"],
  SJ0404: ["共享单车乱停放", "电动车堵住人行道"],
  SJ0405: ["车辆占用消防通道", "乱停车堵路"],
  SJ0501: ["路口积水", "下雨后道路积水"],
  SJ0505: ["人行道积雪结冰", "路面结冰很滑"],
  SH0101: ["邻里噪音纠纷", "楼上漏水邻里纠纷", "邻居占用公共区域"],
  SH0103: ["拖欠工资", "工地欠薪"],
  SH0202: ["咨询养老保险办理", "咨询居住证办理", "咨询高龄津贴申领"],
  SH0203: ["投诉商户扰民", "举报无证经营"],
  SH0301: ["楼道灭火器过期", "消防通道被堵"],
  SH0302: ["楼道飞线充电", "电动车在楼道充电"],
  SH0303: ["外墙瓷砖脱落", "空调外机松动"],
  SH0401: ["电梯故障困人", "电梯经常停运"],
  SH0402: ["楼道卫生差", "小区垃圾清运不及时"],
  SH0403: ["物业服务不到位", "保洁不及时"],
  SH0404: ["小区停车难", "车位被外来车辆占用"],
  SH0405: ["楼道堆放杂物", "楼道堆物占用通道"],
  SH0501: ["小区突然停水", "停水没有通知"],
  SH0502: ["单元停电", "频繁停电"],
  SH0503: ["燃气供应不稳", "停气"],
  SH0504: ["暖气不热", "家里暖气温度低", "暖气漏水"],
  SH0505: ["噪音扰民", "广场舞音响太吵"],
};
const HOT = ["SH0504", "BJ0102", "SH0405", "SH0101", "SJ0101", "SH0402", "SJ0405", "BJ0204", "SH0505", "SH0401"];
const DETAILS = ["已经好几天了", "希望尽快处理", "居民反映多次", "影响出行", "存在安全隐患", "老人孩子出入不方便", "请相关部门处理"];
const RESULTS = ["已现场处理完毕", "已协调相关单位维修", "已清理完毕", "已调解，双方达成一致", "已答复政策并协助办理", "已修复并回访"];
const NOTES = ["已到现场查看", "已联系相关单位", "正在协调处理", "已约定上门时间"];
const REJECT_REASONS = ["不属于受理范围，已告知向相关部门反映", "信息不完整，无法核实"];
const HOLD_REASONS = ["需等待配件到货", "需待天气转暖后施工", "需协调产权单位"];

interface CategoryRow {
  code: string;
  name: string;
  public: boolean;
  rules: Record<"normal" | "urgent" | "critical", DeadlineRule>;
}

interface Handler {
  kind: "grid_worker" | "community" | "department";
  ref: string;
  label: string;
}

interface EventRow {
  at: Date;
  actor: string;
  action: string;
  from: string | null;
  to: string | null;
  publicNote: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface CaseHistorySummary {
  cases: number;
  events: number;
  open: number;
  whistles: number;
}

/** Local midnight of the day of `now`: the end of the generated history. */
export function historyReference(now: Date = new Date()): Date {
  return atLocal(localDate(now), 0);
}

/** A point inside a grid: near its centre, inside its boundary. */
function pointIn(r: Random, g: GridRec): [number, number] {
  const [minX, minY, maxX, maxY] = ringBBox(g.ring);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (let i = 0; i < 12; i++) {
    const p: [number, number] = [cx + (r.next() - 0.5) * (maxX - minX) * 0.6, cy + (r.next() - 0.5) * (maxY - minY) * 0.6];
    if (pointInRing(p, g.ring)) return p;
  }
  const n = g.ring.length - 1 || 1;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += g.ring[i]![0];
    y += g.ring[i]![1];
  }
  return [x / n, y / n];
}

/** Writes the case history; runs inside the seed's transaction after the registry and the accounts. */
export async function seedCases(q: Queryable, seed: number, areas: CityAreas, reference: Date): Promise<CaseHistorySummary> {
  const r = forkRandom(seed, "cases");
  const cal: WorkCalendar = await workCalendarFor(q, null);
  const { rows: catRows } = await q.query<{
    code: string;
    name: string;
    public: boolean;
    dn: number;
    dnu: DeadlineRule["unit"];
    du: number;
    duu: DeadlineRule["unit"];
    dc: number;
    dcu: DeadlineRule["unit"];
  }>(
    `SELECT code, name, public, deadline_normal AS dn, deadline_normal_unit AS dnu, deadline_urgent AS du,
            deadline_urgent_unit AS duu, deadline_critical AS dc, deadline_critical_unit AS dcu
       FROM case_categories WHERE parent_code IS NOT NULL AND active ORDER BY code`,
  );
  if (!catRows.length) return { cases: 0, events: 0, open: 0, whistles: 0 };
  const cats: CategoryRow[] = catRows.map((c) => ({
    code: c.code,
    name: c.name,
    public: c.public,
    rules: { normal: { value: c.dn, unit: c.dnu }, urgent: { value: c.du, unit: c.duu }, critical: { value: c.dc, unit: c.dcu } },
  }));
  const pickCat = r.picker(
    cats,
    cats.map((c) => (HOT.includes(c.code) ? 12 : TITLES[c.code] ? 4 : c.public ? 1.5 : 0.3)),
  );
  const { rows: deptRows } = await q.query<{ id: string; name: string; area_code: string }>(
    "SELECT id, name, area_code FROM departments ORDER BY name",
  );
  const { rows: accRows } = await q.query<{ id: string; username: string; display_name: string }>(
    "SELECT id, username, display_name FROM accounts WHERE username IN ('demo-grid', 'demo-street')",
  );
  const gridWorker = accRows.find((a) => a.username === "demo-grid");
  const streetAccount = accRows.find((a) => a.username === "demo-street");

  const names = new Map<string, string>();
  for (const a of [...areas.districts, ...areas.streets, ...areas.communities]) names.set(a.code, a.name);
  const parents = new Set(areas.grids.map((g) => g.parentId).filter(Boolean));
  const leaves = areas.grids.filter((g) => !parents.has(g.id));
  const demoGrid = leaves.find((g) => g.areaCode.startsWith(DEMO_COMMUNITY));
  const pickGrid = r.picker(
    leaves,
    leaves.map((g) => (g.areaCode.startsWith(DEMO_COMMUNITY) ? 4 : 1)),
  );
  const demoLeaves = leaves.filter((g) => g.areaCode.startsWith(DEMO_COMMUNITY));
  const deptsOf = (district: string) => deptRows.filter((d) => d.area_code === district);

  const start = reference.getTime() - CASE_HISTORY.days * DAY;
  const total = CASE_HISTORY.days * CASE_HISTORY.perDay;
  const hours = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const pickHour = r.picker(hours, [2, 6, 10, 10, 9, 5, 6, 9, 9, 8, 6, 5, 5, 4, 3, 1]);

  interface Plan {
    created: Date;
    grid: GridRec;
    stall: null | "assigned" | "in_progress" | "on_hold" | "resolved";
  }
  const plans: Plan[] = [];
  for (let i = 0; i < total; i++) {
    const day = localDate(new Date(start + r.int(0, CASE_HISTORY.days - 1) * DAY + 12 * HOUR));
    plans.push({ created: atLocal(day, pickHour() * 60 + r.int(0, 59)), grid: pickGrid(), stall: r.chance(0.002) ? "in_progress" : null });
  }
  // Open work of the demo community: recent cases at every open stage, a few of them overdue.
  const stages = ["assigned", "in_progress", "in_progress", "on_hold", "resolved"] as const;
  for (let i = 0; i < CASE_HISTORY.demoCommunityOpen; i++) {
    const daysBack = i < 4 ? r.int(15, 25) : r.int(1, 4);
    const day = localDate(new Date(reference.getTime() - daysBack * DAY + 12 * HOUR));
    plans.push({ created: atLocal(day, r.int(8 * 60, 17 * 60)), grid: r.pick(demoLeaves), stall: i < 4 ? "in_progress" : r.pick(stages) });
  }
  plans.sort((a, b) => a.created.getTime() - b.created.getTime());

  const ids: string[] = [];
  const cols = {
    number: [] as string[],
    tracking: [] as string[],
    channel: [] as string[],
    source: [] as string[],
    category: [] as string[],
    title: [] as string[],
    description: [] as string[],
    status: [] as string[],
    urgency: [] as string[],
    lat: [] as number[],
    lng: [] as number[],
    location: [] as string[],
    area: [] as string[],
    grid: [] as string[],
    reporterName: [] as (string | null)[],
    anonymous: [] as boolean[],
    reporters: [] as number[],
    hKind: [] as (string | null)[],
    hRef: [] as (string | null)[],
    hLabel: [] as (string | null)[],
    deadline: [] as (Date | null)[],
    holdStarted: [] as (Date | null)[],
    holdReason: [] as (string | null)[],
    responded: [] as (Date | null)[],
    resolved: [] as (Date | null)[],
    closed: [] as (Date | null)[],
    reminded: [] as (Date | null)[],
    overdue: [] as (Date | null)[],
    rework: [] as number[],
    rating: [] as (string | null)[],
    ratedAt: [] as (Date | null)[],
    ratingDue: [] as (Date | null)[],
    rejected: [] as (string | null)[],
    merged: [] as (string | null)[],
    created: [] as Date[],
    updated: [] as Date[],
  };
  const ev = {
    caseId: [] as string[],
    at: [] as Date[],
    actor: [] as string[],
    action: [] as string[],
    from: [] as (string | null)[],
    to: [] as (string | null)[],
    publicNote: [] as (string | null)[],
    note: [] as (string | null)[],
    data: [] as string[],
    area: [] as string[],
  };
  const tracking = new Set<string>();
  const seqByDay = new Map<string, number>();
  const lastByCommunity = new Map<string, number>();
  let seq = 0;
  let open = 0;

  for (const plan of plans) {
    const idx = ids.length;
    const id = uuidFrom(r);
    const g = plan.grid;
    const community = g.areaCode.slice(0, 12);
    const district = `${g.areaCode.slice(0, 6)}000000`;
    const communityName = names.get(community) ?? "社区";
    const cat = plan.stall ? r.pick(cats.filter((c) => c.rules.normal.unit === "working_days" && c.public)) : pickCat();
    const urgency = plan.stall ? "normal" : r.weighted(["normal", "urgent", "critical"] as const, [90, 8, 2]);
    const rule = cat.rules[urgency];
    const source = r.weighted(["mobile", "phone", "visit", "grid_patrol", "import"] as const, [38, 22, 12, 22, 6]);
    const channel =
      source === "visit" ? "cadre_visit" : source === "grid_patrol" || source === "import" ? "digital_collection" : "resident_report";
    const title = r.pick(TITLES[cat.code] ?? [cat.name]);
    const [lng, lat] = pointIn(r, g);
    const anonymous = channel === "resident_report" && r.chance(0.1);
    const reporter = channel === "resident_report" && !anonymous ? personName(r) : null;
    const t0 = plan.created;

    let code = "";
    do {
      code = "";
      for (let k = 0; k < 10; k++) code += TRACKING_ALPHABET[r.int(0, TRACKING_ALPHABET.length - 1)];
    } while (tracking.has(code));
    tracking.add(code);
    seq++;
    const day = localDate(t0).replaceAll("-", "");
    seqByDay.set(day, (seqByDay.get(day) ?? 0) + 1);

    // The whole story of the case, then cut at the reference date (or at its planned open stage).
    const events: EventRow[] = [];
    const push = (e: Omit<EventRow, "publicNote" | "note" | "data"> & Partial<EventRow>) =>
      events.push({ publicNote: null, note: null, data: {}, ...e });
    push({
      at: t0,
      actor: reporter ?? (channel === "resident_report" ? "匿名" : communityName),
      action: "submit",
      from: null,
      to: "submitted",
      publicNote: "已收到您反映的问题，正在分析处理",
      data: { channel, source },
    });
    const staff = `${communityName}工作人员`;
    let handler: Handler =
      gridWorker && demoGrid && g.id === demoGrid.id
        ? { kind: "grid_worker", ref: gridWorker.id, label: gridWorker.display_name }
        : { kind: "community", ref: community, label: communityName };
    let deadline: Date | null = null;
    let mergedInto: string | null = null;
    let rejectedReason: string | null = null;
    let holdReason: string | null = null;
    let holdStarted: Date | null = null;
    let rework = 0;
    let rating: string | null = null;
    let ratedAt: Date | null = null;
    let ratingDue: Date | null = null;
    let respondedAt: Date | null = null;
    let resolvedAt: Date | null = null;
    const triageAt = new Date(t0.getTime() + r.range(5, 120) * MINUTE);
    const prev = lastByCommunity.get(community);
    const roll = plan.stall ? 1 : r.next();
    if (roll < CASE_HISTORY.rejected) {
      rejectedReason = r.pick(REJECT_REASONS);
      push({
        at: triageAt,
        actor: staff,
        action: "reject",
        from: "submitted",
        to: "rejected",
        publicNote: rejectedReason,
        data: { reason: rejectedReason },
      });
    } else if (roll < CASE_HISTORY.rejected + CASE_HISTORY.merged && prev !== undefined) {
      mergedInto = ids[prev]!;
      cols.reporters[prev] = (cols.reporters[prev] ?? 1) + 1;
      push({
        at: triageAt,
        actor: staff,
        action: "merge",
        from: "submitted",
        to: "merged",
        publicNote: "与已受理的同一问题合并办理",
        data: { into: mergedInto },
      });
    } else {
      deadline = deadlineAfter(cal, triageAt, rule);
      const firstDeadline = deadline;
      push({
        at: triageAt,
        actor: staff,
        action: "triage",
        from: "submitted",
        to: "assigned",
        data: { categoryCode: cat.code, urgency, handler, deadlineAt: deadline.toISOString() },
      });
      const span = deadline.getTime() - triageAt.getTime();
      let cursor = triageAt.getTime();
      const depts = deptsOf(district);
      if (depts.length && r.chance(CASE_HISTORY.transferred)) {
        const d = r.pick(depts);
        const to: Handler = { kind: "department", ref: d.id, label: d.name };
        cursor += span * r.range(0.01, 0.05);
        push({ at: new Date(cursor), actor: staff, action: "transfer", from: "assigned", to: "assigned", data: { from: handler, to } });
        handler = to;
      }
      const onTime = plan.stall ? true : r.chance(CASE_HISTORY.respondOnTime);
      const acceptAt = onTime
        ? cursor + (firstDeadline.getTime() - cursor) * r.range(0.05, 0.5)
        : firstDeadline.getTime() + r.range(10, 24 * 60) * MINUTE;
      if (plan.stall !== "assigned") {
        push({
          at: new Date(acceptAt),
          actor: handler.label,
          action: "accept",
          from: "assigned",
          to: "in_progress",
          publicNote: "已受理，正在办理",
        });
        cursor = acceptAt;
        const hold = plan.stall === "on_hold" || (!plan.stall && r.chance(CASE_HISTORY.held));
        if (hold) {
          holdReason = r.pick(HOLD_REASONS);
          const ask = cursor + Math.max(0, deadline.getTime() - cursor) * 0.3 + 10 * MINUTE;
          const approve = ask + r.range(30, 240) * MINUTE;
          push({
            at: new Date(ask),
            actor: handler.label,
            action: "request_hold",
            from: "in_progress",
            to: "hold_requested",
            data: { reason: holdReason },
          });
          push({
            at: new Date(approve),
            actor: staff,
            action: "approve_hold",
            from: "hold_requested",
            to: "on_hold",
            data: { reason: holdReason },
          });
          holdStarted = new Date(approve);
          cursor = approve;
          if (plan.stall !== "on_hold") {
            const resume = approve + r.range(1, 5) * DAY;
            deadline = deadlineAfterHold(cal, rule, deadline, new Date(approve), new Date(resume));
            push({
              at: new Date(resume),
              actor: staff,
              action: "resume",
              from: "on_hold",
              to: "in_progress",
              data: { deadlineAt: deadline.toISOString() },
            });
            holdStarted = null;
            cursor = resume;
          }
        }
        if (!plan.stall || plan.stall === "resolved") {
          for (let round = 0; round < 3; round++) {
            const dl = deadline.getTime();
            const inTime = cursor < dl && (round > 0 || r.chance(CASE_HISTORY.resolveOnTime));
            const resolveAt = inTime
              ? cursor + (dl - cursor) * r.range(0.3, 0.95)
              : Math.max(cursor, dl) + r.range(30, 3 * 24 * 60) * MINUTE;
            if (r.chance(0.5))
              push({
                at: new Date((cursor + resolveAt) / 2),
                actor: handler.label,
                action: "note",
                from: "in_progress",
                to: "in_progress",
                note: r.pick(NOTES),
              });
            const due = new Date(resolveAt + CASE_HISTORY.ratingWindowDays * DAY);
            const result = r.pick(RESULTS);
            push({
              at: new Date(resolveAt),
              actor: handler.label,
              action: "resolve",
              from: "in_progress",
              to: "resolved",
              publicNote: result,
              data: { result, ratingDueAt: due.toISOString() },
            });
            if (plan.stall === "resolved") break;
            if (round === 2 || !r.chance(CASE_HISTORY.rated)) {
              push({
                at: due,
                actor: "系统",
                action: "close_unrated",
                from: "resolved",
                to: "closed",
                publicNote: "评价期已过，案件办结",
                data: { ratingDueAt: due.toISOString() },
              });
              break;
            }
            const rateAt = resolveAt + r.range(0.5, 72) * HOUR;
            const unhappy = r.chance(round === 0 ? CASE_HISTORY.unsatisfiedFirst : CASE_HISTORY.unsatisfiedAgain);
            if (!unhappy) {
              const rt = r.chance(0.82) ? "satisfied" : "basically_satisfied";
              push({
                at: new Date(rateAt),
                actor: reporter ?? "居民",
                action: "rate",
                from: "resolved",
                to: "closed",
                publicNote: "感谢您的评价",
                data: { rating: rt },
              });
              break;
            }
            deadline = deadlineAfter(cal, new Date(rateAt), rule);
            push({
              at: new Date(rateAt),
              actor: reporter ?? "居民",
              action: "rate",
              from: "resolved",
              to: "in_progress",
              publicNote: "已退回重新办理",
              data: { rating: "unsatisfied", reworkCount: round + 1, deadline: deadline.toISOString() },
            });
            cursor = rateAt + r.range(1, 8) * HOUR;
          }
        } else if (r.chance(0.5)) {
          push({
            at: new Date(cursor + r.range(1, 6) * HOUR),
            actor: handler.label,
            action: "note",
            from: "in_progress",
            to: "in_progress",
            note: r.pick(NOTES),
          });
        }
      }
    }

    // Cut at the reference date and derive the case's columns from what happened.
    const ref = reference.getTime();
    const kept = events.filter((e) => e.at.getTime() <= ref).sort((a, b) => a.at.getTime() - b.at.getTime());
    let status = "submitted";
    handler = kept.some((e) => e.action === "triage") ? handler : { kind: "community", ref: "", label: "" };
    let closedAt: Date | null = null;
    let currentDeadline: Date | null = null;
    holdStarted = null;
    for (const e of kept) {
      if (e.to && e.action !== "note") status = e.to;
      if (e.action === "triage") currentDeadline = new Date(e.data.deadlineAt as string);
      if (e.action === "resume") currentDeadline = new Date(e.data.deadlineAt as string);
      if (e.action === "rate" && e.to === "in_progress") {
        currentDeadline = new Date(e.data.deadline as string);
        rework++;
      }
      if (e.action === "accept" && !respondedAt) respondedAt = e.at;
      if (e.action === "approve_hold") holdStarted = e.at;
      if (e.action === "resume") holdStarted = null;
      if (e.action === "resolve") {
        resolvedAt = e.at;
        ratingDue = new Date(e.data.ratingDueAt as string);
      }
      if (e.action === "rate") {
        rating = e.data.rating as string;
        ratedAt = e.at;
      }
      if (e.to === "closed") closedAt = e.at;
    }
    const isOpen = !["closed", "rejected", "merged"].includes(status);
    if (isOpen) open++;
    let overdueAt: Date | null = null;
    let remindedAt: Date | null = null;
    if (isOpen && currentDeadline && (status === "assigned" || status === "in_progress")) {
      const now = reference;
      if (currentDeadline.getTime() <= ref) {
        overdueAt = currentDeadline;
        remindedAt = new Date(currentDeadline.getTime() - HOUR);
      } else if (reminderDue(cal, rule, currentDeadline, now)) remindedAt = now;
    }

    ids.push(id);
    cols.number.push(`MQ${day}-${String(seq).padStart(6, "0")}`);
    cols.tracking.push(code);
    cols.channel.push(channel);
    cols.source.push(source);
    cols.category.push(cat.code);
    cols.title.push(title);
    cols.description.push(`${names.get(community) ?? ""}${g.name}附近${title}，${r.pick(DETAILS)}。`);
    cols.status.push(status);
    cols.urgency.push(urgency);
    cols.lat.push(lat);
    cols.lng.push(lng);
    cols.location.push(`${communityName}${g.name}`);
    cols.area.push(g.areaCode);
    cols.grid.push(g.id);
    cols.reporterName.push(reporter);
    cols.anonymous.push(anonymous);
    cols.reporters[idx] = cols.reporters[idx] ?? 1;
    const triaged = kept.some((e) => e.action === "triage");
    cols.hKind.push(triaged ? handler.kind : null);
    cols.hRef.push(triaged ? handler.ref : null);
    cols.hLabel.push(triaged ? handler.label : null);
    cols.deadline.push(triaged ? currentDeadline : null);
    cols.holdStarted.push(status === "on_hold" ? holdStarted : null);
    cols.holdReason.push(status === "on_hold" || status === "hold_requested" ? holdReason : null);
    cols.responded.push(respondedAt);
    cols.resolved.push(status === "resolved" || status === "closed" ? resolvedAt : null);
    cols.closed.push(closedAt);
    cols.reminded.push(remindedAt);
    cols.overdue.push(overdueAt);
    cols.rework.push(rework);
    cols.rating.push(status === "closed" ? rating : null);
    cols.ratedAt.push(status === "closed" ? ratedAt : null);
    cols.ratingDue.push(status === "resolved" || status === "closed" ? ratingDue : null);
    cols.rejected.push(rejectedReason);
    cols.merged.push(mergedInto);
    cols.created.push(t0);
    cols.updated.push(kept[kept.length - 1]!.at);
    if (status !== "rejected" && status !== "merged") lastByCommunity.set(community, idx);
    for (const e of kept) {
      ev.caseId.push(id);
      ev.at.push(e.at);
      ev.actor.push(e.actor);
      ev.action.push(e.action);
      ev.from.push(e.action === "note" ? null : e.from);
      ev.to.push(e.action === "note" ? null : e.to);
      ev.publicNote.push(e.publicNote);
      ev.note.push(e.note);
      ev.data.push(JSON.stringify(e.data));
      ev.area.push(g.areaCode);
    }
  }

  // The rollups' triggers would recompute each case's contributions from its events at every statement (most of
  // the time of this history); with the triggers off they are rebuilt once, set-based, when the history is in.
  const bulk = await triggersOff(q, "cases_bulk");
  await insertColumns(q, "cases", [
    ["id", "uuid", ids],
    ["number", "text", cols.number],
    ["tracking_code", "text", cols.tracking],
    ["channel", "text", cols.channel],
    ["source", "text", cols.source],
    ["category_code", "text", cols.category],
    ["title", "text", cols.title],
    ["description", "text", cols.description],
    ["status", "text", cols.status],
    ["urgency", "text", cols.urgency],
    ["lat", "float8", cols.lat],
    ["lng", "float8", cols.lng],
    ["location_text", "text", cols.location],
    ["area_code", "text", cols.area],
    ["grid_id", "uuid", cols.grid],
    ["reporter_name", "text", cols.reporterName],
    ["anonymous", "bool", cols.anonymous],
    ["reporters_count", "int", cols.reporters],
    ["handler_kind", "text", cols.hKind],
    ["handler_ref", "text", cols.hRef],
    ["handler_label", "text", cols.hLabel],
    ["deadline_at", "timestamptz", cols.deadline],
    ["hold_started_at", "timestamptz", cols.holdStarted],
    ["hold_reason", "text", cols.holdReason],
    ["responded_at", "timestamptz", cols.responded],
    ["resolved_at", "timestamptz", cols.resolved],
    ["closed_at", "timestamptz", cols.closed],
    ["reminded_at", "timestamptz", cols.reminded],
    ["overdue_at", "timestamptz", cols.overdue],
    ["rework_count", "int", cols.rework],
    ["rating", "text", cols.rating],
    ["rated_at", "timestamptz", cols.ratedAt],
    ["rating_due_at", "timestamptz", cols.ratingDue],
    ["rejected_reason", "text", cols.rejected],
    ["created_at", "timestamptz", cols.created],
    ["updated_at", "timestamptz", cols.updated],
  ]);
  const merged = ids.map((id, i) => [id, cols.merged[i]] as const).filter(([, m]) => m);
  if (merged.length) {
    await q.query("UPDATE cases c SET merged_into = t.m FROM unnest($1::uuid[], $2::uuid[]) AS t(id, m) WHERE c.id = t.id", [
      merged.map(([id]) => id),
      merged.map(([, m]) => m),
    ]);
  }
  await insertColumns(q, "case_events", [
    ["case_id", "uuid", ev.caseId],
    ["at", "timestamptz", ev.at],
    ["actor_label", "text", ev.actor],
    ["action", "text", ev.action],
    ["from_status", "text", ev.from],
    ["to_status", "text", ev.to],
    ["public_note", "text", ev.publicNote],
    ["note", "text", ev.note],
    ["data", "jsonb", ev.data],
    ["area_code", "text", ev.area],
  ]);
  await insertColumns(q, "case_reporters", [
    ["case_id", "uuid", ids.map((id, i) => cols.merged[i] ?? id)],
    ["reported_case_id", "uuid", ids],
    ["tracking_code", "text", cols.tracking],
    ["added_at", "timestamptz", cols.created],
  ]);
  await q.query("SELECT setval('case_number_seq', $1)", [seq]);

  // 吹哨: the demo street summons departments on a few of its cases; some parties report in late.
  let whistles = 0;
  const streetCases = ids
    .map((id, i) => ({ id, i }))
    .filter(({ i }) => cols.area[i]!.startsWith(DEMO_STREET.slice(0, 9)) && cols.status[i] === "closed" && cols.hKind[i] === "community");
  const districtDepts = deptsOf(`${DEMO_STREET.slice(0, 6)}000000`);
  if (streetCases.length && districtDepts.length >= 2) {
    const w = {
      id: [] as string[],
      caseId: [] as string[],
      title: [] as string[],
      level: [] as string[],
      blownAt: [] as Date[],
      closedAt: [] as Date[],
    };
    const t = {
      whistle: [] as string[],
      party: [] as string[],
      label: [] as string[],
      reportDue: [] as Date[],
      signDue: [] as Date[],
      contactDue: [] as Date[],
      resultDue: [] as Date[],
      reported: [] as Date[],
      signed: [] as Date[],
      contacted: [] as Date[],
      result: [] as Date[],
      score: [] as number[],
    };
    for (let k = 0; k < 6 && k < streetCases.length; k++) {
      const c = streetCases[Math.floor((k * streetCases.length) / 6)]!;
      const wid = uuidFrom(r);
      const blown = new Date(cols.created[c.i]!.getTime() + 3 * HOUR);
      const level = k % 3 === 0 ? "urgent" : "ordinary";
      w.id.push(wid);
      w.caseId.push(c.id);
      w.title.push(`${cols.title[c.i]}（联合处置）`);
      w.level.push(level);
      w.blownAt.push(blown);
      w.closedAt.push(new Date(blown.getTime() + 4 * DAY));
      for (const d of r.shuffle([...districtDepts]).slice(0, 2)) {
        const late = r.chance(0.35);
        const slip = late ? r.range(1, 6) * HOUR : -r.range(0.2, 0.8) * HOUR;
        t.whistle.push(wid);
        t.party.push(d.id);
        t.label.push(d.name);
        const due = (h: number) => new Date(blown.getTime() + h * HOUR);
        t.reportDue.push(due(level === "urgent" ? 1 : 2));
        t.signDue.push(due(2));
        t.contactDue.push(due(24));
        t.resultDue.push(due(72));
        t.reported.push(new Date(due(level === "urgent" ? 1 : 2).getTime() + slip));
        t.signed.push(new Date(due(2).getTime() + Math.max(slip, -0.1 * HOUR)));
        t.contacted.push(due(20));
        t.result.push(due(60));
        t.score.push(late ? r.int(60, 80) : r.int(85, 100));
      }
      whistles++;
    }
    await insertColumns(q, "whistles", [
      ["id", "uuid", w.id],
      ["case_id", "uuid", w.caseId],
      ["title", "text", w.title],
      ["level", "text", w.level],
      ["area_code", "text", w.id.map(() => DEMO_STREET)],
      ["blown_by", "uuid", w.id.map(() => streetAccount?.id ?? null)],
      ["blown_at", "timestamptz", w.blownAt],
      ["status", "text", w.id.map(() => "closed")],
      ["closed_at", "timestamptz", w.closedAt],
      ["closed_by", "uuid", w.id.map(() => streetAccount?.id ?? null)],
    ]);
    await insertColumns(q, "whistle_tasks", [
      ["whistle_id", "uuid", t.whistle],
      ["party_kind", "text", t.whistle.map(() => "department")],
      ["party_id", "uuid", t.party],
      ["party_label", "text", t.label],
      ["report_due_at", "timestamptz", t.reportDue],
      ["sign_due_at", "timestamptz", t.signDue],
      ["contact_due_at", "timestamptz", t.contactDue],
      ["result_due_at", "timestamptz", t.resultDue],
      ["reported_at", "timestamptz", t.reported],
      ["signed_at", "timestamptz", t.signed],
      ["contacted_at", "timestamptz", t.contacted],
      ["result_at", "timestamptz", t.result],
      ["score", "int", t.score],
      ["evaluated_by", "uuid", t.whistle.map(() => streetAccount?.id ?? null)],
      ["evaluated_at", "timestamptz", t.result.map((x) => new Date(x.getTime() + DAY))],
    ]);
  }
  if (bulk) {
    await triggersOn(q);
    await rebuildRollups(q);
  }
  return { cases: ids.length, events: ev.caseId.length, open, whistles };
}

/** A version-4 UUID from the seeded generator, so the history is the same for the same seed and day. */
function uuidFrom(r: Random): string {
  const hex = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(r.next() * 16).toString(16);
    return s;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[r.int(0, 3)]}${hex(3)}-${hex(12)}`;
}
