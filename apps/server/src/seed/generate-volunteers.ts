import { randomUUID } from "node:crypto";
import { COMMON_SKILLS, TEAM_KINDS } from "@gongzhi/contracts";
import type { Queryable } from "../db/client.js";
import type { Vault } from "../platform/crypto.js";
import { cast, insertColumns, insertPacked, triggersOff, triggersOn } from "./bulk.js";
import type { CityAreas, Community } from "./generate-areas.js";
import type { CityPeople } from "./generate-people.js";
import { forkRandom, idNumber, personName, type Random } from "./random.js";

/**
 * Party members and volunteers at work in the demo city (DOMAIN §5: 1,727 teams, 120,000 volunteers, the
 * ~21,790 members reported in): volunteers (the reported members and residents registered as volunteers) with
 * platform numbers, stations in 95% of communities, teams with members, three years of weekly service shifts
 * with attendance and verified hours (so that every star level occurs), the year's report-ins with
 * commitments and some requests awaiting confirmation, unit party organisations reported in, micro-wishes in
 * every state, pairs with their contacts, the branches' point rule sets and manual items, and real data behind
 * the demo accounts demo-party (孙志强), demo-volunteer (周婷婷) and demo-resident (吴桂英).
 * Deterministic for a seed (ids aside); rows go in set-based.
 */
export const VOLUNTEER_TARGETS = { volunteers: 120_000, teams: 1_727, stationShare: 0.95, weeks: 156 } as const;

export const DEMO_COMMUNITY = "150603002002";

export interface VolunteerSummary {
  volunteers: number;
  teams: number;
  stations: number;
  activities: number;
  signups: number;
}

const SHIFT_TITLES = [
  "平安巡逻值守",
  "敬老助老服务",
  "环境卫生整治",
  "政策宣传进小区",
  "文明交通劝导",
  "关爱留守儿童",
  "便民义诊",
  "垃圾分类引导",
];
const TEAM_WORDS = ["红色先锋", "夕阳红", "邻里守望", "巾帼", "青年", "银发", "平安", "爱心", "暖心", "北疆红"];
const TASKS = ["每月参加一次社区志愿服务", "结对帮扶一户困难家庭", "参与小区环境整治", "参与平安巡逻", "开展政策宣讲"];
/** Core volunteers of a community: verified shifts and minutes per shift (108 h → 1★ … 1,520 h → 5★). */
const CORE = [
  { shifts: 18, minutes: 360 },
  { shifts: 45, minutes: 420 },
  { shifts: 80, minutes: 480 },
  { shifts: 115, minutes: 540 },
  { shifts: 152, minutes: 600 },
] as const;

/** Inserts rows whose text[] columns travel as comma-joined text. */
async function insertWithArrays(q: Queryable, table: string, cols: [string, string, unknown[]][], arrays: string[]): Promise<void> {
  await insertPacked(q, table, cols, (alias, name, type) =>
    arrays.includes(name) ? `coalesce(string_to_array(nullif(${alias}, ''), ','), '{}')` : cast(alias, type),
  );
}

const pickSome = (r: Random, items: readonly string[], max: number) => {
  const k = r.int(0, max);
  const out = new Set<string>();
  for (let i = 0; i < k; i++) out.add(r.pick(items));
  return [...out].join(",");
};

export async function seedVolunteers(
  q: Queryable,
  vault: Vault,
  seed: number,
  areas: CityAreas,
  people: CityPeople,
  now: Date,
): Promise<VolunteerSummary> {
  const r = forkRandom(seed, "volunteers");
  // The rows below are generated consistent with each other and with the registry, so their foreign keys are not
  // re-checked row by row (which triples the time of the build on PGlite). That needs a superuser; elsewhere
  // the checks simply run.
  const bulk = await triggersOff(q, "volunteers_bulk");
  const communities = areas.communities.filter((c) => !c.virtual);
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();

  // ——— volunteers: every reported member where they reported, then residents registered as volunteers.
  const vPerson: string[] = [];
  const vArea: string[] = [];
  const vCommunity: Community[] = [];
  const byCode = new Map(communities.map((c) => [c.code, c]));
  const demoPartyMember = people.members.find((m) => m.category === "in_service" && m.reportedCommunityCode === DEMO_COMMUNITY);
  for (const m of people.members) {
    const c = m.reportedCommunityCode ? byCode.get(m.reportedCommunityCode) : undefined;
    if (!c) continue;
    vPerson.push(m.person.id);
    vArea.push(m.person.areaCode.length > 12 ? m.person.areaCode.slice(0, 15) : c.code);
    vCommunity.push(c);
  }
  const newPeople: {
    id: string;
    name: string;
    gender: "male" | "female";
    area: string;
    birthYear: number;
    idNumber: string;
  }[] = [];
  // Registered volunteers are people like any other: a distinct valid ID number, encrypted.
  const taken = new Set(people.people.map((p) => p.idNumber));
  const weights = communities.map((c) => c.weight);
  const pickCommunity = r.picker(communities, weights);
  while (vPerson.length < VOLUNTEER_TARGETS.volunteers) {
    const c = vPerson.length === VOLUNTEER_TARGETS.volunteers - 1 ? (byCode.get(DEMO_COMMUNITY) ?? pickCommunity()) : pickCommunity();
    const gender = r.chance(0.55) ? "female" : "male";
    const birthYear = r.int(1950, 2004);
    const area = c.compounds.length ? r.pick(c.compounds).code : c.code;
    let id = idNumber(r, area.slice(0, 6), birthYear, gender);
    while (taken.has(id)) id = idNumber(r, area.slice(0, 6), birthYear, gender);
    taken.add(id);
    const p = {
      id: randomUUID(),
      name: personName(r, gender, birthYear),
      gender,
      area,
      birthYear,
      idNumber: id,
    } as const;
    newPeople.push(p);
    vPerson.push(p.id);
    vArea.push(area);
    vCommunity.push(c);
  }
  await insertColumns(q, "people", [
    ["id", "uuid", newPeople.map((p) => p.id)],
    ["name", "text", newPeople.map((p) => p.name)],
    ["gender", "text", newPeople.map((p) => p.gender)],
    ["area_code", "text", newPeople.map((p) => p.area)],
    ["birth_year", "int", newPeople.map((p) => p.birthYear)],
    ["id_number_enc", "text", newPeople.map((p) => vault.encrypt(p.idNumber))],
    ["id_number_hash", "text", newPeople.map((p) => vault.hash(p.idNumber))],
  ]);
  const gridOf = new Map<string, string>();
  for (const c of communities) {
    gridOf.set(c.code, c.grid.id);
    for (const k of c.compounds) gridOf.set(k.code, k.grid.id);
  }
  const vid = vPerson.map(() => randomUUID());
  const talents = ["expert", "capable", "warm_hearted"];
  await insertWithArrays(
    q,
    "volunteers",
    [
      ["id", "uuid", vid],
      ["person_id", "uuid", vPerson],
      ["number", "text", vPerson.map((_, i) => `ZY${String(i + 1).padStart(8, "0")}`)],
      ["area_code", "text", vArea],
      ["grid_id", "uuid", vArea.map((a) => gridOf.get(a) ?? null)],
      ["skills", "text", vPerson.map(() => pickSome(r, COMMON_SKILLS, 3))],
      ["availability", "text", vPerson.map(() => r.pick(["weekday_day", "weekday_evening", "weekend", "any"]))],
      ["talent_kinds", "text", vPerson.map(() => (r.chance(0.06) ? r.pick(talents) : ""))],
      [
        "joined_on",
        "date",
        vPerson.map(() => `${r.int(2016, year - 1)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`),
      ],
    ],
    ["skills", "talent_kinds"],
  );
  await q.query("SELECT setval('volunteer_number_seq', $1)", [vPerson.length]);

  // Volunteers of each community, in generation order.
  const ofCommunity = new Map<string, number[]>();
  vCommunity.forEach((c, i) => {
    const list = ofCommunity.get(c.code) ?? [];
    list.push(i);
    ofCommunity.set(c.code, list);
  });
  const demoPartyIndex = demoPartyMember ? vPerson.indexOf(demoPartyMember.person.id) : -1;
  const demoVolunteerIndex = vPerson.length - 1;

  // ——— stations and teams
  const stationIds: string[] = [];
  const stationCommunity: string[] = [];
  const stationLeader: string[] = [];
  const stationOf = new Map<string, string>();
  for (const [ci, c] of communities.entries()) {
    // One community in twenty has no station yet (95% have one, DOMAIN §3.2).
    if (c.code !== DEMO_COMMUNITY && ci % 20 === 19) continue;
    const id = randomUUID();
    const first = ofCommunity.get(c.code)?.[0];
    stationIds.push(id);
    stationCommunity.push(c.code);
    stationLeader.push(first === undefined ? (null as unknown as string) : vPerson[first]!);
    stationOf.set(c.code, id);
  }
  await insertColumns(q, "volunteer_stations", [
    ["id", "uuid", stationIds],
    ["name", "text", stationCommunity.map((c) => `${byCode.get(c)!.short}志愿服务站`)],
    ["area_code", "text", stationCommunity],
    ["leader_person_id", "uuid", stationLeader],
    ["place", "text", stationCommunity.map((c) => `${byCode.get(c)!.name}党群服务中心`)],
  ]);
  const teamCounts = new Map<string, number>();
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  let assigned = 0;
  for (const c of communities) {
    const n = Math.max(1, Math.round((VOLUNTEER_TARGETS.teams * c.weight) / totalWeight));
    teamCounts.set(c.code, n);
    assigned += n;
  }
  // Adjust to exactly 1,727 teams.
  for (let i = 0; assigned !== VOLUNTEER_TARGETS.teams; i = (i + 1) % communities.length) {
    const c = communities[i]!.code;
    const n = teamCounts.get(c)!;
    if (assigned < VOLUNTEER_TARGETS.teams) {
      teamCounts.set(c, n + 1);
      assigned++;
    } else if (n > 1) {
      teamCounts.set(c, n - 1);
      assigned--;
    }
  }
  const team: { id: string; name: string; kind: string; area: string; leader: string | null; station: string | null }[] = [];
  const teamsOf = new Map<string, string[]>();
  for (const c of communities) {
    const vols = ofCommunity.get(c.code) ?? [];
    const ids: string[] = [];
    for (let k = 0; k < teamCounts.get(c.code)!; k++) {
      const kind = TEAM_KINDS[k % TEAM_KINDS.length]!;
      const word = TEAM_WORDS[(k + c.code.charCodeAt(11)) % TEAM_WORDS.length]!;
      const suffix =
        kind === "patrol" ? "平安巡逻队" : kind === "professional" ? "专业服务队" : kind === "party_vanguard" ? "党员先锋队" : "志愿服务队";
      const id = randomUUID();
      ids.push(id);
      team.push({
        id,
        name: `${c.short}${word}${suffix}${k >= TEAM_WORDS.length ? k + 1 : ""}`,
        kind,
        area: c.code,
        leader: vols.length ? vPerson[vols[k % vols.length]!]! : null,
        station: stationOf.get(c.code) ?? null,
      });
    }
    teamsOf.set(c.code, ids);
  }
  await insertColumns(q, "volunteer_teams", [
    ["id", "uuid", team.map((t) => t.id)],
    ["name", "text", team.map((t) => t.name)],
    ["kind", "text", team.map((t) => t.kind)],
    ["area_code", "text", team.map((t) => t.area)],
    ["leader_person_id", "uuid", team.map((t) => t.leader)],
    ["station_id", "uuid", team.map((t) => t.station)],
  ]);
  const mTeam: string[] = [];
  const mVol: string[] = [];
  vCommunity.forEach((c, i) => {
    if (i !== demoVolunteerIndex && i !== demoPartyIndex && !r.chance(0.5)) return;
    const ids = teamsOf.get(c.code)!;
    mTeam.push(ids[i % ids.length]!);
    mVol.push(vid[i]!);
  });
  await insertColumns(q, "volunteer_team_members", [
    ["team_id", "uuid", mTeam],
    ["volunteer_id", "uuid", mVol],
  ]);

  // ——— weekly shifts (verified), a recent one awaiting verification, and upcoming ones.
  const weekMs = 7 * 86_400_000;
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000;
  const act: {
    id: string;
    title: string;
    area: string;
    start: number;
    hours: number;
    capacity: number;
    verified: boolean;
    mode: string;
    team: string | null;
  }[] = [];
  const shiftsOf = new Map<string, string[]>();
  const pendingOf = new Map<string, string>();
  // Three years of shifts where four- and five-star volunteers serve, a year and a half elsewhere.
  const fullHistory = (ci: number, c: Community) => ci % 10 === 0 || c.code === DEMO_COMMUNITY;
  for (const [ci, c] of communities.entries()) {
    const ids: string[] = [];
    const teams = teamsOf.get(c.code)!;
    for (let w = fullHistory(ci, c) ? VOLUNTEER_TARGETS.weeks : 82; w >= 1; w--) {
      const id = randomUUID();
      ids.push(id);
      act.push({
        id,
        title: SHIFT_TITLES[w % SHIFT_TITLES.length]!,
        area: c.code,
        start: dayStart - w * weekMs + 9 * 3600_000,
        hours: 10,
        capacity: 50,
        verified: true,
        mode: "instant",
        team: teams[w % teams.length]!,
      });
    }
    shiftsOf.set(c.code, ids);
    const pending = randomUUID();
    pendingOf.set(c.code, pending);
    act.push({
      id: pending,
      title: "周末社区大扫除",
      area: c.code,
      start: dayStart - 2 * 86_400_000 + 9 * 3600_000,
      hours: 4,
      capacity: 30,
      verified: false,
      mode: "instant",
      team: teams[0]!,
    });
    for (let k = 1; k <= 3; k++) {
      act.push({
        id: randomUUID(),
        title: SHIFT_TITLES[(k + 3) % SHIFT_TITLES.length]!,
        area: c.code,
        start: dayStart + k * 3 * 86_400_000 + 9 * 3600_000,
        hours: 3,
        capacity: 20,
        verified: false,
        mode: k === 2 ? "request" : "instant",
        team: teams[k % teams.length]!,
      });
    }
  }
  await insertColumns(q, "activities", [
    ["id", "uuid", act.map((a) => a.id)],
    ["title", "text", act.map((a) => a.title)],
    ["area_code", "text", act.map((a) => a.area)],
    ["place", "text", act.map((a) => `${byCode.get(a.area)!.name}党群服务中心`)],
    ["starts_at", "timestamptz", act.map((a) => new Date(a.start).toISOString())],
    ["ends_at", "timestamptz", act.map((a) => new Date(a.start + a.hours * 3600_000).toISOString())],
    ["capacity", "int", act.map((a) => a.capacity)],
    ["signup_mode", "text", act.map((a) => a.mode)],
    ["team_id", "uuid", act.map((a) => a.team)],
    ["verified_at", "timestamptz", act.map((a) => (a.verified ? new Date(a.start + 2 * 86_400_000).toISOString() : null))],
  ]);
  const sAct: string[] = [];
  const sVol: string[] = [];
  const sMin: number[] = [];
  const sTravel: number[] = [];
  const sVerified: boolean[] = [];
  const sAt: string[] = [];
  const actStart = new Map(act.map((a) => [a.id, a.start]));
  const add = (a: string, v: number, minutes: number, verified: boolean) => {
    sAct.push(a);
    sVol.push(vid[v]!);
    sMin.push(minutes);
    sTravel.push(r.int(10, 60));
    sVerified.push(verified);
    sAt.push(new Date(actStart.get(a)! + 12 * 3600_000).toISOString());
  };
  communities.forEach((c, ci) => {
    const vols = ofCommunity.get(c.code) ?? [];
    const shifts = shiftsOf.get(c.code)!;
    // Core volunteers: the most recent shifts; four and five stars in every tenth community and the demo one.
    let core = vols.slice(0, fullHistory(ci, c) ? 5 : 3);
    if (c.code === DEMO_COMMUNITY && demoPartyIndex >= 0)
      core = [
        ...core.filter((v) => v !== demoPartyIndex).slice(0, 1),
        demoPartyIndex,
        ...core.filter((v) => v !== demoPartyIndex).slice(1),
      ];
    core.forEach((v, k) => {
      const cls = CORE[k]!;
      for (const a of shifts.slice(shifts.length - cls.shifts)) add(a, v, cls.minutes, true);
    });
    const regular = vols.slice(core.length + 5, core.length + 25);
    if (c.code === DEMO_COMMUNITY && !regular.includes(demoVolunteerIndex)) regular.push(demoVolunteerIndex);
    for (const v of regular) {
      if (core.includes(v)) continue;
      const picks = new Set<number>();
      const k = r.int(1, 4);
      while (picks.size < k) picks.add(r.int(shifts.length - 52, shifts.length - 1));
      for (const j of picks) add(shifts[j]!, v, r.int(60, 300), true);
      if (r.chance(0.3) || v === demoVolunteerIndex) add(pendingOf.get(c.code)!, v, r.int(60, 200), false);
    }
  });
  await insertColumns(q, "activity_signups", [
    ["activity_id", "uuid", sAct],
    ["volunteer_id", "uuid", sVol],
    ["status", "text", sAct.map(() => "confirmed")],
    ["attended", "bool", sAct.map(() => true)],
    ["service_minutes", "int", sMin],
    ["travel_minutes", "int", sTravel],
    ["recorded_at", "timestamptz", sAt],
    ["verified_at", "timestamptz", sAt.map((at, i) => (sVerified[i] ? new Date(Date.parse(at) + 86_400_000).toISOString() : null))],
  ]);

  await seedWork(q, seed, year, now, demoPartyMember?.person.id ?? null, vPerson[demoVolunteerIndex]!);
  if (bulk) await triggersOn(q);
  return { volunteers: vPerson.length, teams: team.length, stations: stationIds.length, activities: act.length, signups: sAct.length };
}

/** A deterministic number in [0, 1) for a label and a row expression, in SQL. */
const rnd = (seed: number, label: string, expr: string) =>
  `((('x' || substr(md5('${seed}:${label}:' || (${expr})::text), 1, 8))::bit(32)::int::bigint + 2147483648) / 4294967296.0)`;

/** Report-ins, wishes, pairs, point rules and items, and the demo accounts' people: set-based SQL. */
async function seedWork(
  q: Queryable,
  seed: number,
  year: number,
  now: Date,
  demoParty: string | null,
  demoVolunteer: string,
): Promise<void> {
  const jan1 = `make_timestamptz(${year}, 1, 1, 9, 0, 0, 'UTC')`;
  // The year's report-ins of every reported member, with commitments.
  await q.query(
    `INSERT INTO report_ins (kind, person_id, community_code, year, status, commitment_hours, commitment_tasks, commitment_skills,
                             requested_at, decided_at)
     SELECT 'member', pm.person_id, pm.reported_community_code, $1, 'confirmed', 12 + floor(${rnd(seed, "hours", "p.name || p.area_code")} * 37)::int,
            ARRAY[($2::text[])[1 + floor(${rnd(seed, "task", "p.name || p.area_code")} * 5)::int]],
            coalesce(v.skills[1:2], '{}'), least($3::timestamptz, ${jan1} + floor(${rnd(seed, "req", "p.name")} * 20) * interval '1 day'),
            least($3::timestamptz, ${jan1} + floor(${rnd(seed, "req", "p.name")} * 20 + 2) * interval '1 day')
       FROM party_members pm JOIN people p ON p.id = pm.person_id LEFT JOIN volunteers v ON v.person_id = pm.person_id
      WHERE pm.reported_community_code IS NOT NULL`,
    [year, TASKS, now],
  );
  // Requests awaiting confirmation: in-service members not yet reported, to the community they live in.
  await q.query(
    `INSERT INTO report_ins (kind, person_id, community_code, year, status, commitment_hours, commitment_tasks, requested_at)
     SELECT 'member', x.person_id, x.c, $1, 'requested', 24, ARRAY['每月参加一次社区志愿服务'], $2::timestamptz - interval '3 days'
       FROM (SELECT pm.person_id, left(p.area_code, 12) AS c,
                    row_number() OVER (PARTITION BY left(p.area_code, 12) ORDER BY p.name, p.birth_year, p.area_code) AS k
               FROM party_members pm JOIN people p ON p.id = pm.person_id
              WHERE pm.category = 'in_service' AND pm.reported_community_code IS NULL AND length(p.area_code) >= 12) x
       JOIN areas a ON a.code = x.c AND a.level = 'community'
      WHERE x.k <= 2`,
    [year, now],
  );
  // Units' party organisations reported in to the community they sit in.
  await q.query(
    `INSERT INTO report_ins (kind, party_org_id, community_code, year, status, commitment_hours, commitment_tasks, requested_at, decided_at)
     SELECT 'org', o.id, left(u.area_code, 12), $1, 'confirmed', 100, ARRAY['认领社区微心愿', '参与社区共建项目'], ${jan1}, ${jan1} + interval '3 days'
       FROM party_orgs o JOIN units u ON u.id = o.unit_id JOIN areas a ON a.code = left(u.area_code, 12) AND a.level = 'community'
      WHERE o.dissolved_on IS NULL AND u.kind IN ('government','soe','university','private')`,
    [year],
  );

  // Micro-wishes of residents in difficulty, in every state; claimed by members reported to the same community.
  const titles = {
    elderly_alone: ["想要一台收音机", "希望有人帮忙换个灯泡", "想要一副老花镜", "希望有人陪着去体检"],
    disabled: ["想要一副新拐杖", "希望有人帮忙修轮椅", "想学用智能手机"],
    children_difficulty: ["想要一个新书包", "想要一套课外读物", "希望有人辅导数学"],
    low_income: ["想要一床厚棉被", "希望添一台电饭煲", "想要一件冬衣"],
    serious_illness: ["希望有人帮忙代买药品", "想要一个血压计"],
    other: ["希望有人帮忙清理阳台", "想要几盆花"],
  };
  const cats = Object.keys(titles);
  const allTitles = cats.flatMap((c) => titles[c as keyof typeof titles].map((t) => [c, t] as const));
  await q.query(
    `WITH cand AS (
       SELECT p.id, left(p.area_code, 12) AS c, p.name,
              row_number() OVER (PARTITION BY left(p.area_code, 12) ORDER BY p.birth_year, p.name, p.area_code) AS k
         FROM people p
        WHERE p.household_id IS NOT NULL AND p.birth_year <= $4 - 65
          AND NOT EXISTS (SELECT 1 FROM party_members pm WHERE pm.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM community_workers w WHERE w.person_id = p.id)),
     w AS (
       SELECT cand.*, (ARRAY['submitted','declined','published','published','published','claimed','claimed','fulfilled','confirmed','confirmed','confirmed','cancelled'])
                        [1 + floor(${rnd(seed, "wstatus", "cand.name || cand.c || cand.k")} * 12)::int] AS status,
              1 + floor(${rnd(seed, "wtitle", "cand.name || cand.c")} * $3)::int AS t,
              $5::timestamptz - (10 + floor(${rnd(seed, "wage", "cand.name || cand.c")} * 140)) * interval '1 day' AS created
         FROM cand WHERE cand.k <= 12),
     -- Materialized: the claimant is looked up once a wish, and only for the wishes that have one, not again at
     -- each of the eight columns that read it.
     claimed AS MATERIALIZED (
       SELECT w.*, CASE WHEN w.status IN ('claimed','fulfilled','confirmed') THEN
                     (SELECT pm.person_id FROM party_members pm JOIN people mp ON mp.id = pm.person_id
                       WHERE pm.reported_community_code = w.c ORDER BY mp.name, mp.birth_year OFFSET (w.k % 5) LIMIT 1) END AS claimant
         FROM w)
     INSERT INTO wishes (title, description, category, area_code, person_id, on_behalf, estimated_value, status, published_at, decline_reason,
                         claimant_kind, claimant_person_id, claimed_at, fulfil_note, fulfilled_at, confirmed_at, created_at, updated_at)
     SELECT ($1::text[])[t], ($1::text[])[t] || '，谢谢好心人。', ($2::text[])[t], c, id, k % 3 = 0, 20 + (k * 37) % 300,
            CASE WHEN status IN ('claimed','fulfilled','confirmed') AND claimant IS NULL THEN 'published' ELSE status END,
            CASE WHEN status NOT IN ('submitted','declined') THEN created + interval '1 day' END,
            CASE WHEN status = 'declined' THEN '该心愿已由民政救助解决' END,
            CASE WHEN status IN ('claimed','fulfilled','confirmed') AND claimant IS NOT NULL THEN 'person' END,
            CASE WHEN status IN ('claimed','fulfilled','confirmed') THEN claimant END,
            CASE WHEN status IN ('claimed','fulfilled','confirmed') AND claimant IS NOT NULL THEN created + interval '3 days' END,
            CASE WHEN status IN ('fulfilled','confirmed') AND claimant IS NOT NULL THEN '已按心愿送到老人家中' END,
            CASE WHEN status IN ('fulfilled','confirmed') AND claimant IS NOT NULL THEN created + interval '7 days' END,
            CASE WHEN status = 'confirmed' AND claimant IS NOT NULL THEN created + interval '8 days' END,
            created, created
       FROM claimed`,
    [allTitles.map(([, t]) => t), allTitles.map(([c]) => c), allTitles.length, year, now],
  );

  // Pairs: members with elderly residents of the same community; some gone quiet.
  await q.query(
    `WITH m AS (
       SELECT pm.person_id, coalesce(pm.reported_community_code, left(p.area_code, 12)) AS c,
              row_number() OVER (PARTITION BY coalesce(pm.reported_community_code, left(p.area_code, 12)) ORDER BY pm.category DESC, p.name, p.birth_year) AS k
         FROM party_members pm JOIN people p ON p.id = pm.person_id WHERE pm.category IN ('retired','in_service')),
     e AS (
       SELECT p.id, left(p.area_code, 12) AS c, p.name,
              row_number() OVER (PARTITION BY left(p.area_code, 12) ORDER BY p.birth_year, p.name DESC, p.area_code) AS k
         FROM people p
        WHERE p.household_id IS NOT NULL AND p.birth_year <= $1 - 70 AND NOT EXISTS (SELECT 1 FROM party_members pm WHERE pm.person_id = p.id))
     INSERT INTO pairings (member_person_id, resident_person_id, kind, area_code, since)
     SELECT m.person_id, e.id, 'elderly_alone', e.c, $2::timestamptz - (200 + e.k * 7) * interval '1 day'
       FROM m JOIN e ON e.c = m.c AND e.k = m.k WHERE m.k <= 9 AND m.person_id <> e.id`,
    [year, now],
  );
  await q.query(
    `INSERT INTO pairing_contacts (pairing_id, kind, note, at)
     SELECT pr.id, (ARRAY['visit','call','help'])[1 + (g % 3)], (ARRAY['上门看望，身体尚好','电话问候','帮忙代买生活用品'])[1 + (g % 3)],
            $1::timestamptz - (g * 18 + CASE WHEN ${rnd(seed, "quiet", "pr.area_code || pr.since::text")} < 0.15 THEN 75 ELSE 2 END) * interval '1 day'
       FROM pairings pr CROSS JOIN generate_series(0, 5) g
      WHERE g < 1 + floor(${rnd(seed, "contacts", "pr.area_code || pr.since::text")} * 6)`,
    [now],
  );

  // Point rule sets of the branches of 康巴什区, and manual items of the demo community's members.
  await q.query(
    `INSERT INTO point_rule_sets (party_org_id, category, per_hour, per_wish, per_case, report_in, per_council, per_course, hours_cap, commendation_threshold)
     SELECT o.id, c.category, c.per_hour, c.per_wish, 3, c.report_in, c.per_council, 2, c.hours_cap, c.threshold
       FROM party_orgs o CROSS JOIN (VALUES ('in_service', 1, 5, 10, 2, 60, 60), ('retired', 1, 5, 0, 3, 100, 80), ('mobile', 1.5, 5, 10, 2, 60, 40))
                                    AS c(category, per_hour, per_wish, report_in, per_council, hours_cap, threshold)
      WHERE o.area_code LIKE '150603%' AND o.kind IN ('community_committee','general_branch')`,
  );
  await q.query(
    `INSERT INTO point_items (person_id, party_org_id, kind, title, occurred_on, points, status, decided_at)
     SELECT pm.person_id, pm.branch_id, (ARRAY['council','course','manual'])[1 + (k % 3)],
            (ARRAY['参加小区议事协商会','参加支部主题党日学习','组织楼栋邻里互助'])[1 + (k % 3)],
            least($2::date, make_date($1, 1, 1) + (k * 11 % 300)::int), CASE WHEN k % 3 = 2 THEN 3 END,
            CASE WHEN k % 4 = 0 THEN 'pending' ELSE 'approved' END, CASE WHEN k % 4 <> 0 THEN $3::timestamptz END
       FROM (SELECT pm.*, row_number() OVER (ORDER BY p.name, p.birth_year) AS k
               FROM party_members pm JOIN people p ON p.id = pm.person_id WHERE pm.reported_community_code = $4 OR left(p.area_code, 12) = $4) pm`,
    [year, now.toISOString().slice(0, 10), now, DEMO_COMMUNITY],
  );

  // The demo accounts' people.
  const link = (username: string, person: string) =>
    q.query("INSERT INTO account_people (account_id, person_id) SELECT id, $2 FROM accounts WHERE username = $1", [username, person]);
  if (demoParty) {
    await q.query("UPDATE people SET name = '孙志强', gender = 'male' WHERE id = $1", [demoParty]);
    await link("demo-party", demoParty);
  }
  await q.query("UPDATE people SET name = '周婷婷', gender = 'female' WHERE id = $1", [demoVolunteer]);
  await link("demo-volunteer", demoVolunteer);
  const { rows: wisher } = await q.query<{ id: string }>(
    `SELECT w.person_id AS id FROM wishes w JOIN people p ON p.id = w.person_id
      WHERE w.area_code = $1 AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.worker_person_id = p.id)
      ORDER BY p.birth_year, p.name LIMIT 1`,
    [DEMO_COMMUNITY],
  );
  if (wisher[0]) {
    await q.query("UPDATE people SET name = '吴桂英', gender = 'female' WHERE id = $1", [wisher[0].id]);
    await link("demo-resident", wisher[0].id);
    if (demoParty) {
      // 吴桂英's wishes: one fulfilled by 孙志强 and confirmed this year, one he has claimed, one waiting for a claimant.
      const mk = (title: string, status: string, extra: string) =>
        q.query(
          `INSERT INTO wishes (title, description, category, area_code, person_id, status, published_at, claimant_kind, claimant_person_id,
                               claimant_account_id, claimed_at, fulfil_note, fulfilled_at, confirmed_at, created_at)
           SELECT $1, $2, 'elderly_alone', $3, $4, $5, $6::timestamptz - interval '6 days',
                  CASE WHEN $5 <> 'published' THEN 'person' END, CASE WHEN $5 <> 'published' THEN $7::uuid END,
                  CASE WHEN $5 <> 'published' THEN (SELECT id FROM accounts WHERE username = 'demo-party') END,
                  CASE WHEN $5 <> 'published' THEN $6::timestamptz - interval '5 days' END,
                  CASE WHEN $5 = 'confirmed' THEN '${extra}' END, CASE WHEN $5 = 'confirmed' THEN $6::timestamptz - interval '2 days' END,
                  CASE WHEN $5 = 'confirmed' THEN $6::timestamptz - interval '1 day' END, $6::timestamptz - interval '7 days'`,
          [title, `${title}，谢谢好心人。`, DEMO_COMMUNITY, wisher[0]!.id, status, now, demoParty],
        );
      await mk("想要一台收音机", "confirmed", "收音机已送到吴阿姨家中，并教会了使用");
      await mk("希望有人帮忙换个灯泡", "claimed", "");
      await mk("想要一副老花镜", "published", "");
      await q.query(
        `INSERT INTO pairings (member_person_id, resident_person_id, kind, area_code, since)
         SELECT $1, $2, 'elderly_alone', $3, $4::timestamptz - interval '300 days' ON CONFLICT DO NOTHING`,
        [demoParty, wisher[0].id, DEMO_COMMUNITY, now],
      );
    }
  }
}
