import { describe, expect, it } from "vitest";
import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  type CaseRelation,
  mayTransition,
  statusAfterRating,
} from "./cases.js";
import { ROLES } from "./roles.js";

const RELATIONS: CaseRelation[] = ["area_staff", "handler", "reporter", "system"];
const set = (...r: CaseRelation[]) => new Set<CaseRelation>(r);

describe("case transition table", () => {
  it("has exactly one row per action, and every status it names exists", () => {
    expect(CASE_TRANSITIONS.map((t) => t.action).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const t of CASE_TRANSITIONS) {
      for (const s of t.from) expect(CASE_STATUSES).toContain(s);
      if (t.to !== "same") expect(CASE_STATUSES).toContain(t.to);
    }
  });

  // Each row: action, status, roles, relations, allowed?
  const cases: [string, string, string[], CaseRelation[], boolean][] = [
    ["triage", "submitted", ["community_staff"], ["area_staff"], true],
    ["triage", "submitted", ["grid_worker"], ["area_staff"], false],
    ["triage", "submitted", ["community_staff"], [], false], // out of scope
    ["triage", "assigned", ["community_staff"], ["area_staff"], false],
    ["accept", "assigned", ["department"], ["handler"], true],
    ["accept", "assigned", ["community_staff"], ["area_staff"], false],
    ["resolve", "in_progress", ["grid_worker"], ["handler"], true],
    ["resolve", "assigned", ["grid_worker"], ["handler"], false],
    ["resolve", "in_progress", ["street_staff"], ["area_staff"], false],
    ["request_hold", "in_progress", ["unit_rep"], ["handler"], true],
    ["approve_hold", "hold_requested", ["street_staff"], ["area_staff"], true],
    ["approve_hold", "hold_requested", ["grid_worker"], ["handler"], false],
    ["resume", "on_hold", ["grid_worker"], ["handler"], true],
    ["rate", "resolved", ["resident"], ["reporter"], true],
    ["rate", "resolved", ["community_staff"], ["area_staff", "handler"], false],
    ["rate", "closed", ["resident"], ["reporter"], false],
    ["close_unrated", "resolved", [], ["system"], true],
    ["close_unrated", "resolved", ["admin"], ["area_staff"], false],
    ["reject", "submitted", ["street_staff"], ["area_staff"], true],
    ["reject", "in_progress", ["street_staff"], ["area_staff"], false],
    ["merge", "assigned", ["community_staff"], ["area_staff"], true],
    ["escalate", "in_progress", ["grid_worker"], ["handler"], true],
    ["transfer", "in_progress", ["grid_worker"], ["handler"], false],
    ["note", "on_hold", ["department"], ["handler"], true],
    ["note", "closed", ["community_staff"], ["area_staff"], false],
  ];
  it.each(cases)("%s from %s by %j as %j → %s", (action, status, roles, relations, allowed) => {
    expect(mayTransition(action as never, status as never, roles as never, set(...relations))).toBe(allowed);
  });

  it("no action is open to an actor with no relation to the case, whatever the role or status", () => {
    for (const s of CASE_STATUSES) expect(allowedActions(s, [...ROLES], set())).toEqual([]);
  });

  it("closed, rejected and merged cases admit no action by anyone", () => {
    for (const s of ["closed", "rejected", "merged"] as const) expect(allowedActions(s, [...ROLES], set(...RELATIONS))).toEqual([]);
  });

  it("only an unsatisfied rating reopens a case", () => {
    expect(statusAfterRating("satisfied")).toBe("closed");
    expect(statusAfterRating("basically_satisfied")).toBe("closed");
    expect(statusAfterRating("unsatisfied")).toBe("in_progress");
  });
});
