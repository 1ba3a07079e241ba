import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { chinaYear } from "./identity.js";
import { runVolunteerReminders } from "./reminders.js";
import { buildVolunteerWorld, V, type VolunteerWorld } from "./volunteers.fixtures.js";

const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]).toString("base64")}`;

let t: TestContext;
let w: VolunteerWorld;
const agents: Record<string, Agent> = {};
const as = async (name: string) => {
  agents[name] ??= await loginAs(t.app, name, TEST_PASSWORD);
  return agents[name]!;
};
const year = chinaYear();

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      w = await buildVolunteerWorld(deps);
    },
  });
});
afterAll(async () => t?.close());

/** An activity in community A that started an hour ago and runs `hours` in all. */
async function activity(title: string, hours = 4, extra: Record<string, unknown> = {}) {
  const start = new Date(Date.now() - 3600_000);
  const res = await (await as("staffA")).post("/api/v1/activities", {
    title,
    areaCode: V.a,
    place: "青春山社区党群服务中心",
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + hours * 3600_000).toISOString(),
    capacity: 10,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function signupsOf(activityId: string): Promise<Record<string, string>> {
  const res = await (await as("staffA")).get(`/api/v1/activities/${activityId}/signups`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.items.map((s: { name: string; id: string }) => [s.name, s.id]));
}

describe("双报到", () => {
  let own: string;
  let other: string;
  it("takes a member's own request, which the community confirms; the registry follows", async () => {
    const res = await (await as("member")).post("/api/v1/report-ins", {
      communityCode: V.a,
      commitment: { hours: 24, tasks: ["周末助老"], skills: ["水电维修"] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: "requested",
      personName: "孙志强",
      memberCategory: "in_service",
      workUnitName: "康巴什供电公司",
    });
    own = res.body.id;
    expect((await (await as("member")).post("/api/v1/report-ins", { communityCode: V.a })).status).toBe(409);
    // Another community's staff cannot decide it and do not learn it exists.
    expect((await (await as("staffB")).post(`/api/v1/report-ins/${own}/decide`, { confirm: true })).status).toBe(404);
    const ok = await (await as("staffA")).post(`/api/v1/report-ins/${own}/decide`, { confirm: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "confirmed", commitment: { hours: 24 } });
    const { rows } = await t.db.query<{ reported_community_code: string }>(
      "SELECT reported_community_code FROM party_members WHERE person_id = $1",
      [w.people.inService],
    );
    expect(rows[0]!.reported_community_code).toBe(V.a);
    const inbox = await (await as("member")).get("/api/v1/inbox");
    expect(JSON.stringify(inbox.body)).toContain("报到已确认");
  });

  it("refuses people who are not party members and places that are not communities", async () => {
    expect((await (await as("volunteer")).post("/api/v1/report-ins", { communityCode: V.a })).body.code).toBe("domain.not_party_member");
    expect((await (await as("member")).post("/api/v1/report-ins", { communityCode: V.street })).body.code).toBe(
      "domain.report_in_community",
    );
    expect((await (await as("nobody")).post("/api/v1/report-ins", { communityCode: V.a })).body.code).toBe("domain.no_person_linked");
  });

  it("shows a community its reported members and not another community's", async () => {
    const rec = await (await as("staffB")).post("/api/v1/report-ins", { communityCode: V.b, personId: w.people.mobile });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    expect(rec.body.status).toBe("confirmed");
    other = rec.body.id;
    const a = await (await as("staffA")).get("/api/v1/report-ins");
    expect(a.body.items.map((x: { id: string }) => x.id)).toEqual([own]);
    const b = await (await as("staffB")).get("/api/v1/report-ins");
    expect(b.body.items.map((x: { id: string }) => x.id)).toEqual([other]);
    expect((await (await as("staffA")).get(`/api/v1/report-ins/${other}`)).status).toBe(404);
    expect((await (await as("farStaff")).get("/api/v1/report-ins")).body.total).toBe(0);
    expect((await (await as("street")).get("/api/v1/report-ins")).body.total).toBe(2);
    // The member's own unit sees where its members reported.
    expect((await (await as("unitRep")).get(`/api/v1/report-ins/by-org/${w.branch}`)).status).toBe(404);
    await t.db.query("UPDATE units SET party_org_id = $1 WHERE id = $2", [w.branch, w.unit]);
    const unit = await (await as("unitRep")).get(`/api/v1/report-ins/by-org/${w.branch}`);
    expect(unit.body.items.map((x: { personName: string }) => x.personName).sort()).toEqual(["孙志强", "王浩然"].sort());
    const byOrg = await (await as("staffA")).get(`/api/v1/report-ins/by-org/${w.branch}`);
    expect(byOrg.body.items.map((x: { communityCode: string }) => x.communityCode).sort()).toEqual([V.a, V.b]);
  });
});

describe("activities, hours and stars", () => {
  let a1: string;
  it("signs up, enforces capacity and request mode, and withdraws", async () => {
    a1 = await activity("敬老院志愿服务");
    for (const u of ["member", "retired", "mobile"]) {
      const res = await (await as(u)).post(`/api/v1/activities/${a1}/signups`);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.mySignup.status).toBe("confirmed");
    }
    expect((await (await as("member")).post(`/api/v1/activities/${a1}/signups`)).status).toBe(409);
    const small = await activity("清理楼道小广告", 2, { capacity: 1 });
    expect((await (await as("volunteer")).post(`/api/v1/activities/${small}/signups`)).status).toBe(201);
    const full = await (await as("farMember")).post(`/api/v1/activities/${small}/signups`);
    expect(full.status).toBe(409);
    expect(full.body.code).toBe("conflict.activity_full");
    const req = await activity("社区义诊", 2, {
      signupMode: "request",
      startsAt: new Date(Date.now() + 86400_000).toISOString(),
      endsAt: new Date(Date.now() + 90000_000).toISOString(),
    });
    const asked = await (await as("volunteer")).post(`/api/v1/activities/${req}/signups`);
    expect(asked.body.mySignup.status).toBe("requested");
    const ids = await signupsOf(req);
    const ok = await (await as("staffA")).post(`/api/v1/activities/${req}/signups/${ids.周婷婷}/decide`, { confirm: true });
    expect(ok.status).toBe(200);
    const back = await (await as("volunteer")).post(`/api/v1/activities/${req}/withdraw`);
    expect(back.status).toBe(200);
    expect(back.body.mySignup.status).toBe("withdrawn");
  });

  it("counts actual service time only once verified, never travel, and gives stars by verified hours", async () => {
    const ids = await signupsOf(a1);
    const staff = await as("staffA");
    const tooLong = await staff.post(`/api/v1/activities/${a1}/attendance`, {
      entries: [{ signupId: ids.孙志强, attended: true, serviceMinutes: 300 }],
    });
    expect(tooLong.body.code).toBe("domain.service_exceeds_activity");
    const rec = await staff.post(`/api/v1/activities/${a1}/attendance`, {
      entries: [
        { signupId: ids.孙志强, attended: true, serviceMinutes: 90, travelMinutes: 30 },
        { signupId: ids.李秀英, attended: true, serviceMinutes: 90, travelMinutes: 40 },
        { signupId: ids.王浩然, attended: true, serviceMinutes: 150, travelMinutes: 60 },
      ],
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    let me = await (await as("member")).get("/api/v1/volunteers/me");
    expect(me.body.hours).toMatchObject({ verifiedHours: 0, pendingHours: 1.5, star: 0 });
    const v = await staff.post(`/api/v1/activities/${a1}/verify`);
    expect(v.body).toEqual({ verified: 3, verifiedHours: 5.5 });
    expect(
      (
        await staff.post(`/api/v1/activities/${a1}/attendance`, {
          entries: [{ signupId: ids.孙志强, attended: true, serviceMinutes: 10 }],
        })
      ).body.code,
    ).toBe("domain.hours_verified");

    const a2 = await activity("广场文艺演出服务", 4);
    for (const u of ["member", "retired"]) await (await as(u)).post(`/api/v1/activities/${a2}/signups`);
    const ids2 = await signupsOf(a2);
    await staff.post(`/api/v1/activities/${a2}/attendance`, {
      entries: [
        { signupId: ids2.孙志强, attended: true, serviceMinutes: 150, travelMinutes: 20 },
        { signupId: ids2.李秀英, attended: true, serviceMinutes: 150 },
      ],
    });
    await staff.post(`/api/v1/activities/${a2}/verify`);
    // An unverified activity stays pending.
    const a3 = await activity("垃圾分类宣传", 4);
    await (await as("member")).post(`/api/v1/activities/${a3}/signups`);
    await staff.post(`/api/v1/activities/${a3}/attendance`, {
      entries: [{ signupId: (await signupsOf(a3)).孙志强, attended: true, serviceMinutes: 120 }],
    });

    me = await (await as("member")).get("/api/v1/volunteers/me");
    expect(me.body.hours).toEqual({ verifiedHours: 4, pendingHours: 2, activities: 2, star: 0, starLabel: "", hoursToNextStar: 96 });
    const xlsx = await (await as("member")).get("/api/v1/volunteers/me/service-record.xlsx");
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers["content-type"])).toContain("spreadsheetml");

    // 100 verified hours make a one-star volunteer.
    const { rows } = await t.db.query<{ id: string }>("SELECT id FROM volunteers WHERE person_id = $1", [w.people.inService]);
    const long = await t.db.query<{ id: string }>(
      `INSERT INTO activities (title, area_code, place, starts_at, ends_at, capacity, verified_at)
       SELECT '长期服务' || g, $1, '社区', now() - interval '30 days' + g * interval '1 day', now() - interval '30 days' + g * interval '1 day' + interval '10 hours', 5, now()
         FROM generate_series(1, 10) g RETURNING id`,
      [V.a],
    );
    await t.db.query(
      `INSERT INTO activity_signups (activity_id, volunteer_id, status, attended, service_minutes, travel_minutes, recorded_at, verified_at)
       SELECT x, $2, 'confirmed', true, 576, 600, now(), now() FROM unnest($1::uuid[]) x`,
      [long.rows.map((r) => r.id), rows[0]!.id],
    );
    me = await (await as("member")).get("/api/v1/volunteers/me");
    expect(me.body.hours).toMatchObject({ verifiedHours: 100, star: 1, starLabel: "一星", hoursToNextStar: 200 });
    await t.db.query("DELETE FROM activity_signups WHERE activity_id = ANY($1::uuid[])", [long.rows.map((r) => r.id)]);
  });

  it("keeps a volunteer's public record free of name, phone and ID number", async () => {
    const me = await (await as("member")).get("/api/v1/volunteers/me");
    const number = me.body.volunteer.number as string;
    expect(number).toMatch(/^ZY\d{8}$/);
    const pub = await (await as("volunteer")).get(`/api/v1/volunteers/public/${number}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ number, verifiedHours: 4 });
    const text = JSON.stringify(pub.body);
    for (const secret of ["孙志强", "13900001111", "139****1111", "150603198501011"]) expect(text).not.toContain(secret);
    // Staff lists mask the phone.
    const list = await (await as("staffA")).get(`/api/v1/volunteers?q=${encodeURIComponent("孙志强")}`);
    expect(list.body.items[0].phone).toBe("139****1111");
    expect(JSON.stringify(list.body)).not.toContain("13900001111");
  });
});

describe("teams, stations and the talent registry", () => {
  it("creates a team, adds members, finds it by name for case hand-over, and searches talents by skill", async () => {
    const staff = await as("staffA");
    const st = await staff.post("/api/v1/volunteer-stations", {
      name: "青春山志愿服务站",
      areaCode: V.a,
      leaderPersonId: w.people.retired,
    });
    expect(st.status).toBe(201);
    const team = await staff.post("/api/v1/volunteer-teams", {
      name: "青春山红色先锋队",
      kind: "party_vanguard",
      areaCode: V.a,
      leaderPersonId: w.people.inService,
      stationId: st.body.id,
    });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const vols = await staff.get("/api/v1/volunteers");
    const member = vols.body.items.find((v: { personId: string }) => v.personId === w.people.inService);
    await staff.patch(`/api/v1/volunteers/${member.id}`, { skills: ["水电维修", "助老"], talentKinds: ["capable"] });
    const added = await staff.post(`/api/v1/volunteer-teams/${team.body.id}/members`, { volunteerIds: [member.id] });
    expect(added.body.memberCount).toBe(1);
    const found = await staff.get(`/api/v1/volunteer-teams?q=${encodeURIComponent("先锋")}`);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([team.body.id]);
    expect((await (await as("farStaff")).get(`/api/v1/volunteer-teams/${team.body.id}`)).status).toBe(404);
    const talents = await staff.get(`/api/v1/volunteers?talentsOnly=true&skill=${encodeURIComponent("水电")}`);
    expect(talents.body.items.map((v: { personId: string }) => v.personId)).toEqual([w.people.inService]);
    const dup = await staff.post("/api/v1/volunteers", { personId: w.people.inService });
    expect(dup.status).toBe(409);
    expect((await (await as("farStaff")).post("/api/v1/volunteers", { personId: w.people.elder })).body.code).toBe("domain.person_unknown");
    // A closed case handled by the team counts for its members' points below.
    const ins = await t.db.query(
      `INSERT INTO cases (number, tracking_code, channel, source, title, status, area_code, handler_kind, handler_ref, handler_label, closed_at)
       VALUES ('GZ-V-1', 'VVVVVVVVVV', 'resident_report', 'mobile', '帮独居老人更换水龙头', 'closed', $1, 'volunteer_team', $2, '青春山红色先锋队', now())`,
      [V.a, team.body.id],
    );
    expect(ins.rowCount).toBe(1);
  });
});

describe("micro-wishes", () => {
  let wish: string;
  it("runs post → review → claim → fulfil → confirm, without naming the wisher to the public", async () => {
    const posted = await (await as("wisher")).post("/api/v1/wishes", {
      title: "想要一台收音机",
      description: "一个人在家，想听听新闻和评书",
      category: "elderly_alone",
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body).toMatchObject({ status: "submitted", areaCode: V.a, wisher: { name: "吴桂英", phone: "138****5678" } });
    wish = posted.body.id;
    // Not published yet: other people do not see it.
    expect((await (await as("member")).get(`/api/v1/wishes/${wish}`)).status).toBe(404);
    expect((await (await as("staffB")).post(`/api/v1/wishes/${wish}/review`, { publish: true })).status).toBe(404);
    const pub = await (await as("staffA")).post(`/api/v1/wishes/${wish}/review`, { publish: true });
    expect(pub.body.status).toBe("published");

    const seen = await (await as("volunteer")).get(`/api/v1/wishes/${wish}`);
    expect(seen.body.wisher).toBeNull();
    const list = await (await as("member")).get("/api/v1/wishes?status=published");
    const text = JSON.stringify([seen.body, list.body]);
    for (const secret of ["吴桂英", "13812345678", "138****5678", "150603194003020", "150603********", w.people.wisher])
      expect(text).not.toContain(secret);

    const claim = await (await as("member")).post(`/api/v1/wishes/${wish}/claim`, { as: "person" });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body).toMatchObject({ status: "claimed", claimant: { kind: "person", label: "孙志强" }, abilities: { fulfil: true } });
    expect((await (await as("retired")).post(`/api/v1/wishes/${wish}/fulfil`, { note: "送到了" })).body.code).toBe(
      "domain.wish_not_claimant",
    );
    const bad = await (await as("member")).post(`/api/v1/wishes/${wish}/fulfil`, {
      note: "已送到",
      photos: ["data:image/png;base64,AAAA"],
    });
    expect(bad.body.code).toBe("domain.case_photo_invalid");
    const done = await (await as("member")).post(`/api/v1/wishes/${wish}/fulfil`, {
      note: "收音机已送到老人家中并教会使用",
      photos: [PNG],
    });
    expect(done.body.status).toBe("fulfilled");
    expect((await (await as("member")).post(`/api/v1/wishes/${wish}/confirm`, {})).status).toBe(404);
    const conf = await (await as("wisher")).post(`/api/v1/wishes/${wish}/confirm`, { comment: "谢谢" });
    expect(conf.body.status).toBe("confirmed");
    const inbox = await (await as("wisher")).get("/api/v1/inbox");
    expect(JSON.stringify(inbox.body)).toContain("已被认领");
  });

  it("lets exactly one of many simultaneous claims win; the others get a clear 409", async () => {
    const posted = await (await as("staffA")).post("/api/v1/wishes", {
      title: "孩子需要一个书包",
      description: "开学要用",
      category: "children_difficulty",
      personId: w.people.elder,
    });
    expect(posted.body.postedOnBehalf).toBe(true);
    await (await as("staffA")).post(`/api/v1/wishes/${posted.body.id}/review`, { publish: true });
    const names = ["member", "retired", "mobile", "farMember", "volunteer", "member", "retired", "mobile", "farMember", "volunteer"];
    const sessions = await Promise.all(names.map((n) => loginAs(t.app, n, TEST_PASSWORD)));
    sessions.push(await as("unitRep"));
    const results = await Promise.all(
      sessions.map((s, i) => s.post(`/api/v1/wishes/${posted.body.id}/claim`, { as: i === sessions.length - 1 ? "unit" : "person" })),
    );
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.status === 409 && r.body.code === "conflict.wish_claimed" && r.body.message.includes("已被他人认领"))).toBe(
      true,
    );
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'wish.claim' AND object_id = $1",
      [posted.body.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("reminds the community of wishes nobody claimed, once", async () => {
    const posted = await (await as("staffA")).post("/api/v1/wishes", {
      title: "想有人陪着去医院复查",
      description: "每月一次",
      category: "disabled",
      personId: w.people.elder,
    });
    await (await as("staffA")).post(`/api/v1/wishes/${posted.body.id}/review`, { publish: true });
    await t.db.query("UPDATE wishes SET published_at = now() - interval '10 days' WHERE id = $1", [posted.body.id]);
    const first = await runVolunteerReminders(t.db);
    expect(first.unclaimedWishes).toBe(1);
    expect((await runVolunteerReminders(t.db)).unclaimedWishes).toBe(0);
    const inbox = await (await as("staffA")).get("/api/v1/inbox");
    expect(JSON.stringify(inbox.body)).toContain("仍无人认领");
  });
});

describe("pairing", () => {
  it("pairs a member with an elderly resident, logs contacts, and lists pairs gone quiet", async () => {
    const staff = await as("staffA");
    const p = await staff.post("/api/v1/pairings", {
      memberPersonId: w.people.retired,
      residentPersonId: w.people.elder,
      kind: "elderly_alone",
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(
      (await staff.post("/api/v1/pairings", { memberPersonId: w.people.retired, residentPersonId: w.people.elder, kind: "elderly_alone" }))
        .status,
    ).toBe(409);
    expect(
      (await staff.post("/api/v1/pairings", { memberPersonId: w.people.plain, residentPersonId: w.people.elder, kind: "elderly_alone" }))
        .body.code,
    ).toBe("domain.pairing_member");
    await t.db.query("UPDATE pairings SET since = now() - interval '40 days' WHERE id = $1", [p.body.id]);
    expect((await staff.get("/api/v1/pairings?quietDays=30")).body.items.map((x: { id: string }) => x.id)).toEqual([p.body.id]);
    const c = await (await as("retired")).post(`/api/v1/pairings/${p.body.id}/contacts`, { kind: "visit", note: "上门量血压" });
    expect(c.status).toBe(201);
    expect(c.body.contactCount).toBe(1);
    expect((await staff.get("/api/v1/pairings?quietDays=30")).body.total).toBe(0);
    expect((await (await as("member")).post(`/api/v1/pairings/${p.body.id}/contacts`, { kind: "call" })).status).toBe(404);
    expect((await (await as("farStaff")).get(`/api/v1/pairings/${p.body.id}`)).status).toBe(404);
    expect(
      (
        await (
          await as("retired")
        ).post(`/api/v1/pairings/${p.body.id}/contacts`, { kind: "call", at: new Date(Date.now() + 86400_000).toISOString() })
      ).body.code,
    ).toBe("domain.contact_in_future");
  });
});

describe("contribution points", () => {
  it("derives each category's points from verified events, against hand-computed statements", async () => {
    const staff = await as("staffA");
    // Manual items: a council meeting for the in-service member, another contribution (3), one declined; a course each for the others.
    const items: [string, Record<string, unknown>, boolean][] = [
      ["member", { kind: "council", title: "参加小区议事会", occurredOn: `${year}-03-02` }, true],
      ["member", { kind: "manual", title: "组织楼栋消防演练", occurredOn: `${year}-04-10`, points: 3 }, true],
      ["member", { kind: "manual", title: "自行申报的其他事项", occurredOn: `${year}-04-11`, points: 20 }, false],
      ["retired", { kind: "course", title: "参加党课学习", occurredOn: `${year}-05-01` }, true],
      ["mobile", { kind: "course", title: "参加流动党员线上党课", occurredOn: `${year}-05-01` }, true],
    ];
    for (const [who, body, approve] of items) {
      const res = await (await as(who)).post("/api/v1/points/items", body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.status).toBe("pending");
      expect((await (await as(who)).post(`/api/v1/points/items/${res.body.id}/decide`, { approve: true })).status).toBe(404);
      expect((await staff.post(`/api/v1/points/items/${res.body.id}/decide`, { approve })).status).toBe(200);
    }
    // The branch sets its own rule for retired members: 2 points an hour, at most 5 a year from hours.
    const put = await staff.request("PUT", `/api/v1/points/rules/${w.branch}`, {
      rules: [
        {
          category: "retired",
          perHour: 2,
          perWish: 5,
          perCase: 3,
          reportIn: 0,
          perCouncil: 3,
          perCourse: 2,
          hoursCap: 5,
          commendationThreshold: 80,
        },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await (await as("farStaff")).request("PUT", `/api/v1/points/rules/${w.branch}`, put.body)).status).toBe(404);

    // in service: 4 verified hours × 1 + wish 5 + team case 3 + report-in 10 + council 2 + manual 3 = 27
    const mine = await (await as("member")).get(`/api/v1/points/mine?year=${year}`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const bySource = (s: { lines: { source: string; points: number; quantity: number }[] }) =>
      Object.fromEntries(s.lines.map((l) => [l.source, [l.quantity, l.points]]));
    expect(bySource(mine.body)).toEqual({ hours: [4, 4], wish: [1, 5], case: [1, 3], report_in: [1, 10], council: [1, 2], manual: [1, 3] });
    expect(mine.body.total).toBe(27);
    // retired: 4 verified hours × 2 = 8, capped at 5 (3 not counted) + course 2 = 7; the report-in of a retired member gives 0
    const retired = await staff.get(`/api/v1/points/members/${w.people.retired}?year=${year}`);
    expect(bySource(retired.body)).toEqual({ hours: [4, 5], course: [1, 2] });
    expect(retired.body).toMatchObject({ total: 7, cappedHoursPoints: 3, category: "retired" });
    // mobile: 2.5 verified hours × 1.5 = 3.75 + course 3 = 6.75 (+ reported in to B: 10) = 16.75
    const mobile = await (await as("mobile")).get(`/api/v1/points/mine?year=${year}`);
    expect(bySource(mobile.body)).toEqual({ hours: [2.5, 3.75], report_in: [1, 10], course: [1, 3] });
    expect(mobile.body.total).toBe(16.75);
    // Nobody else reads a member's statement.
    expect((await (await as("retired")).get(`/api/v1/points/members/${w.people.inService}`)).status).toBe(404);
    expect((await (await as("farStaff")).get(`/api/v1/points/members/${w.people.inService}`)).status).toBe(404);

    // Candidates: thresholds lowered so that the in-service and mobile members reach theirs; listed by name, not ranked.
    await staff.request("PUT", `/api/v1/points/rules/${w.branch}`, {
      rules: [
        {
          category: "in_service",
          perHour: 1,
          perWish: 5,
          perCase: 3,
          reportIn: 10,
          perCouncil: 2,
          perCourse: 2,
          hoursCap: 60,
          commendationThreshold: 20,
        },
        {
          category: "mobile",
          perHour: 1.5,
          perWish: 5,
          perCase: 3,
          reportIn: 10,
          perCouncil: 2,
          perCourse: 3,
          hoursCap: 60,
          commendationThreshold: 15,
        },
      ],
    });
    const cand = await staff.get(`/api/v1/points/candidates/${w.branch}?year=${year}`);
    expect(cand.body.items.map((c: { name: string; total: number }) => [c.name, c.total])).toEqual([
      ["孙志强", 27],
      ["王浩然", 16.75],
    ]);
    expect((await (await as("member")).get(`/api/v1/points/candidates/${w.branch}`)).status).toBe(404);
  });

  it("shows the reported member's work to the community", async () => {
    const list = await (await as("staffA")).get("/api/v1/report-ins");
    expect(list.body.items[0].activity).toMatchObject({ activitiesAttended: 2, verifiedHours: 4, wishesFulfilled: 1 });
    const quiet = await (await as("staffA")).get("/api/v1/report-ins?quietDays=30");
    expect(quiet.body.total).toBe(0);
  });

  it("reminds reported members who did nothing for a long time, once", async () => {
    await t.db.query(
      "UPDATE report_ins SET requested_at = now() - interval '200 days', decided_at = now() - interval '200 days' WHERE person_id = $1",
      [w.people.mobile],
    );
    await t.db.query(
      "UPDATE activities SET starts_at = starts_at - interval '150 days', ends_at = ends_at - interval '150 days' WHERE id IN (SELECT activity_id FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE v.person_id = $1)",
      [w.people.mobile],
    );
    const r = await runVolunteerReminders(t.db);
    expect(r.quietMembers).toBe(1);
    expect((await runVolunteerReminders(t.db)).quietMembers).toBe(0);
    expect(JSON.stringify((await (await as("mobile")).get("/api/v1/inbox")).body)).toContain("期待您的参与");
  });
});
