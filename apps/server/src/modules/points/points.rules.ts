import { POINT_SOURCE_LABELS, type PointRuleSet, type PointSource, type PointStatement } from "@gongzhi/contracts";

/** The verified contributions of one member in one year, as the point rules read them. */
export interface PointEvents {
  /** verified service at activities: actual minutes (travel never recorded here) */
  hours: { date: string; title: string; minutes: number }[];
  /** wishes the member claimed, fulfilled and saw confirmed */
  wishes: { date: string; title: string }[];
  /** closed cases handled by a volunteer team the member serves in */
  cases: { date: string; title: string }[];
  /** confirmed report-ins of the year (one counts) */
  reportIns: { date: string; title: string }[];
  /** manual items the branch approved */
  items: { date: string; title: string; kind: "council" | "course" | "manual"; points: number | null }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type Line = PointStatement["lines"][number];

function line(source: PointSource, details: Line["details"]): Line {
  return {
    source,
    label: POINT_SOURCE_LABELS[source],
    quantity: round2(details.reduce((s, d) => s + d.quantity, 0)),
    points: round2(details.reduce((s, d) => s + d.points, 0)),
    details,
  };
}

/**
 * A member's points for a year under a rule set: each line says where its points came from, event by event.
 * Hours give `perHour` per verified hour up to `hoursCap` a year (0 = no cap); each confirmed wish `perWish`;
 * each closed case of the member's team `perCase`; reporting in `reportIn` once a year; approved council and
 * course items the rule set's value; other approved items their own. Nothing else counts: not logging in, not
 * time in the app.
 */
export function computeStatement(
  rules: PointRuleSet,
  ev: PointEvents,
): { lines: Line[]; total: number; cappedHoursPoints: number; commendationCandidate: boolean } {
  const lines: Line[] = [];
  const hourDetails = ev.hours.map((h) => {
    const hours = round2(h.minutes / 60);
    return { date: h.date, title: h.title, quantity: hours, points: round2((h.minutes / 60) * rules.perHour) };
  });
  let capped = 0;
  if (hourDetails.length) {
    const l = line("hours", hourDetails);
    const raw = round2((ev.hours.reduce((s, h) => s + h.minutes, 0) / 60) * rules.perHour);
    l.points = rules.hoursCap > 0 ? Math.min(raw, rules.hoursCap) : raw;
    capped = round2(raw - l.points);
    lines.push(l);
  }
  if (ev.wishes.length)
    lines.push(
      line(
        "wish",
        ev.wishes.map((w) => ({ ...w, quantity: 1, points: rules.perWish })),
      ),
    );
  if (ev.cases.length)
    lines.push(
      line(
        "case",
        ev.cases.map((c) => ({ ...c, quantity: 1, points: rules.perCase })),
      ),
    );
  if (ev.reportIns.length) {
    const first = [...ev.reportIns].sort((a, b) => a.date.localeCompare(b.date))[0]!;
    lines.push(line("report_in", [{ ...first, quantity: 1, points: rules.reportIn }]));
  }
  for (const kind of ["council", "course", "manual"] as const) {
    const items = ev.items.filter((i) => i.kind === kind);
    if (!items.length) continue;
    const value = (i: (typeof items)[number]) =>
      kind === "council" ? rules.perCouncil : kind === "course" ? rules.perCourse : (i.points ?? 0);
    lines.push(
      line(
        kind,
        items.map((i) => ({ date: i.date, title: i.title, quantity: 1, points: value(i) })),
      ),
    );
  }
  const total = round2(lines.reduce((s, l) => s + l.points, 0));
  return { lines, total, cappedHoursPoints: capped, commendationCandidate: total >= rules.commendationThreshold && total > 0 };
}
