import { DEFAULT_POINT_RULES, MEMBER_CATEGORIES, STAR_THRESHOLDS_HOURS, starLevel } from "@gongzhi/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStatement, type PointEvents } from "../points/points.rules.js";
import { type ServiceEntry, summarizeHours } from "./hours.rules.js";

const entryArb: fc.Arbitrary<ServiceEntry> = fc.record({
  status: fc.constantFrom("requested", "confirmed", "declined", "withdrawn"),
  attended: fc.option(fc.boolean(), { nil: null }),
  serviceMinutes: fc.option(fc.integer({ min: 0, max: 1440 }), { nil: null }),
  travelMinutes: fc.option(fc.integer({ min: 0, max: 1440 }), { nil: null }),
  verified: fc.boolean(),
});

describe("service hours", () => {
  it("gives a star at each of 100, 300, 600, 1,000 and 1,500 hours and none just below", () => {
    expect(STAR_THRESHOLDS_HOURS).toEqual([100, 300, 600, 1000, 1500]);
    STAR_THRESHOLDS_HOURS.forEach((t, i) => {
      expect(starLevel(t)).toBe(i + 1);
      expect(starLevel(t - 0.01)).toBe(i);
    });
    expect(starLevel(0)).toBe(0);
    expect(starLevel(100_000)).toBe(5);
  });

  it("counts verified actual service only: travel never, unverified apart, other sign-ups not at all", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const s = summarizeHours(entries);
        const counted = entries.filter((e) => e.status === "confirmed" && e.attended === true && (e.serviceMinutes ?? 0) > 0);
        const verified = counted.filter((e) => e.verified).reduce((sum, e) => sum + (e.serviceMinutes ?? 0), 0);
        const pending = counted.filter((e) => !e.verified).reduce((sum, e) => sum + (e.serviceMinutes ?? 0), 0);
        expect(s.verifiedHours).toBeCloseTo(verified / 60, 2);
        expect(s.pendingHours).toBeCloseTo(pending / 60, 2);
        expect(s.activities).toBe(counted.filter((e) => e.verified).length);
        expect(s.star).toBe(starLevel(verified / 60));
        // Changing travel time changes nothing.
        const moreTravel = summarizeHours(entries.map((e) => ({ ...e, travelMinutes: (e.travelMinutes ?? 0) + 500 })));
        expect(moreTravel).toEqual(s);
        // Verifying more never lowers the star.
        expect(summarizeHours(entries.map((e) => ({ ...e, verified: true }))).star).toBeGreaterThanOrEqual(s.star);
      }),
    );
  });
});

describe("contribution points", () => {
  const none: PointEvents = { hours: [], wishes: [], cases: [], reportIns: [], items: [] };
  const eventsArb: fc.Arbitrary<PointEvents> = fc.record({
    hours: fc.array(fc.record({ date: fc.constant("2026-03-01"), title: fc.constant("活动"), minutes: fc.integer({ min: 1, max: 600 }) }), {
      maxLength: 30,
    }),
    wishes: fc.array(fc.record({ date: fc.constant("2026-03-02"), title: fc.constant("心愿") }), { maxLength: 5 }),
    cases: fc.array(fc.record({ date: fc.constant("2026-03-03"), title: fc.constant("事项") }), { maxLength: 5 }),
    reportIns: fc.array(fc.record({ date: fc.constant("2026-01-05"), title: fc.constant("报到") }), { maxLength: 2 }),
    items: fc.array(
      fc.record({
        date: fc.constant("2026-04-01"),
        title: fc.constant("事项"),
        kind: fc.constantFrom("council" as const, "course" as const, "manual" as const),
        points: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      }),
      { maxLength: 6 },
    ),
  });

  it("gives nothing for nothing done, in every category", () => {
    for (const c of MEMBER_CATEGORIES)
      expect(computeStatement(DEFAULT_POINT_RULES[c], none)).toMatchObject({ total: 0, lines: [], commendationCandidate: false });
  });

  it("adds up its lines, caps hours, counts one report-in a year, and grows with every verified event", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MEMBER_CATEGORIES), eventsArb, (cat, ev) => {
        const rules = DEFAULT_POINT_RULES[cat];
        const s = computeStatement(rules, ev);
        expect(s.total).toBeCloseTo(
          s.lines.reduce((sum, l) => sum + l.points, 0),
          2,
        );
        const hours = s.lines.find((l) => l.source === "hours");
        if (hours) expect(hours.points).toBeLessThanOrEqual(rules.hoursCap);
        expect(s.lines.find((l) => l.source === "report_in")?.points ?? 0).toBe(ev.reportIns.length ? rules.reportIn : 0);
        const more = computeStatement(rules, { ...ev, wishes: [...ev.wishes, { date: "2026-05-01", title: "心愿" }] });
        expect(more.total).toBeCloseTo(s.total + rules.perWish, 2);
      }),
    );
  });
});
