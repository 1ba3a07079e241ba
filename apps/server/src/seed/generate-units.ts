import { randomUUID } from "node:crypto";
import { CALIBRATION, type UnitKind } from "./calibration.js";
import type { CityAreas, Community, GridRec } from "./generate-areas.js";
import {
  communityShort,
  governmentName,
  type PlaceContext,
  privateName,
  residentUnitName,
  roadAddress,
  shopName,
  socialOrgName,
  soeName,
} from "./names.js";
import { apportion, creditCode, forkRandom, type Random } from "./random.js";

export interface UnitRec {
  id: string;
  name: string;
  kind: UnitKind;
  streetRelation: "stationed" | "paired" | "business" | null;
  community: Community;
  grid: GridRec;
  partyStatus: "own" | "joint" | "none";
  partyOrgId: string | null;
  creditCode: string;
  address: string;
  employees: number;
}

/** The unit the demo account `demo-unit` represents. */
export const DEMO_UNIT = { name: "国网鄂尔多斯市康巴什供电分公司", community: "150603002002" };

const UNIVERSITIES: { name: string; district: string; community: string }[] = [
  { name: "内蒙古大学鄂尔多斯学院", district: "150603", community: "学苑" },
  { name: "内蒙古民族幼儿师范高等专科学校", district: "150603", community: "学府" },
  { name: "鄂尔多斯职业学院", district: "150603", community: "学府" },
  { name: "鄂尔多斯应用技术学院", district: "150602", community: "文苑" },
  { name: "鄂尔多斯生态环境职业学院", district: "150602", community: "育才" },
];

/** Share of covered units with their own organisation (the rest belong to a joint one). */
const OWN_SHARE: Record<UnitKind, number> = {
  government: 0.93,
  soe: 0.95,
  university: 1,
  resident_unit: 0.85,
  private: 0.42,
  social_org: 0.3,
  shop: 0.02,
};

function kindWeight(kind: UnitKind, c: Community): number {
  const loc = c.attrs.communityLocation;
  const core = loc === "urban_core" ? 1 : 0;
  const town = loc === "town" ? 1 : 0;
  if (c.virtual) return { shop: 0, government: 0.3, soe: 2, private: 8, social_org: 0.2, resident_unit: 0.5, university: 0 }[kind];
  switch (kind) {
    case "shop":
      return c.weight * (1 + 0.3 * core - 0.3 * town);
    case "government":
      return Math.sqrt(c.weight) * (1.2 + 0.8 * core - 0.4 * town);
    case "soe":
      return Math.sqrt(c.weight) * (1 + 0.5 * core - 0.2 * town);
    case "resident_unit":
      return c.weight * (1 + core - 0.5 * town);
    default:
      return c.weight;
  }
}

function employees(r: Random, kind: UnitKind): number {
  switch (kind) {
    case "government":
      return r.int(15, 300);
    case "soe":
      return r.int(10, 600);
    case "university":
      return r.int(400, 1800);
    case "private":
      return 3 + Math.round(r.next() ** 3 * 800);
    case "social_org":
      return r.int(3, 60);
    case "shop":
      return r.int(1, 12);
    case "resident_unit":
      return r.int(20, 1200);
  }
}

function authorityOf(kind: UnitKind, name: string): string {
  switch (kind) {
    case "government":
      return /学|医院|中心|馆|站|所|队/.test(name) ? "12" : "11";
    case "university":
      return "12";
    case "social_org":
      return /协会|商会/.test(name) ? "51" : "52";
    case "shop":
      return "92";
    case "resident_unit":
      return /学校|医院/.test(name) ? "12" : "91";
    default:
      return "91";
  }
}

/** 8,280 units across kinds, each in a lowest-level grid of its community, with coverage near the seeds. */
export function generateUnits(seed: number, city: CityAreas): UnitRec[] {
  const r = forkRandom(seed, "units");
  const units: UnitRec[] = [];
  const names = new Set<string>();
  const codes = new Set<string>();
  const place = (c: Community): PlaceContext => ({
    districtCode: c.street.district.code,
    district: c.street.district.name,
    street: c.street.name,
    community: communityShort(c.name),
    isSubdistrict: c.street.subdistrict,
  });
  const add = (kind: UnitKind, c: Community, name: string) => {
    let code = creditCode(r, authorityOf(kind, name), c.street.district.code.slice(0, 6));
    while (codes.has(code)) code = creditCode(r, authorityOf(kind, name), c.street.district.code.slice(0, 6));
    codes.add(code);
    const u: UnitRec = {
      id: randomUUID(),
      name,
      kind,
      streetRelation: kind === "government" ? r.weighted(["stationed", "paired", "business"] as const, [0.6, 0.25, 0.15]) : null,
      community: c,
      grid: r.pick(c.lowestGrids),
      partyStatus: "none",
      partyOrgId: null,
      creditCode: code,
      address: `鄂尔多斯市${c.street.district.name}${roadAddress(r, c.street.district.code)}`,
      employees: employees(r, kind),
    };
    units.push(u);
    return u;
  };

  const byCode = new Map(city.communities.map((c) => [c.code, c]));
  add("soe", byCode.get(DEMO_UNIT.community)!, DEMO_UNIT.name).employees = 260;
  names.add(DEMO_UNIT.name);
  for (const u of UNIVERSITIES) {
    const c =
      city.communities.find((x) => x.code.startsWith(u.district) && x.short === u.community) ??
      city.communities.find((x) => x.code.startsWith(u.district) && !x.virtual)!;
    add("university", c, u.name);
    names.add(u.name);
  }

  const generators: Record<Exclude<UnitKind, "university">, (c: Community) => string> = {
    government: (c) => governmentName(r, place(c), c.street.district.code === "150603000000"),
    soe: (c) => soeName(r, place(c)),
    resident_unit: (c) => residentUnitName(r, place(c)),
    private: (c) => privateName(r, place(c)),
    social_org: (c) => socialOrgName(r, place(c)),
    shop: (c) => shopName(r, c.street.district.code),
  };
  for (const kind of ["government", "soe", "resident_unit", "private", "social_org", "shop"] as const) {
    const already = units.filter((u) => u.kind === kind).length;
    const counts = apportion(
      CALIBRATION.unitsByKind[kind] - already,
      city.communities.map((c) => kindWeight(kind, c) * r.range(0.7, 1.3)),
    );
    for (const [i, c] of city.communities.entries()) {
      for (let n = 0; n < counts[i]!; n++) {
        let name = generators[kind](c);
        // Shops share names across the city; other units are registered under unique names.
        const key = (x: string) => (kind === "shop" ? `${c.code}|${x}` : x);
        for (let tries = 0; names.has(key(name)); tries++) {
          name = generators[kind](c);
          if (tries > 30)
            name = `${name.replace(/(有限公司|有限责任公司)$/, "")}${c.short}分${name.match(/(有限公司|有限责任公司)$/) ? "公司" : "部"}`;
          if (tries > 60) name = `${name}${tries}`;
        }
        names.add(key(name));
        add(kind, c, name);
      }
    }
  }

  // Coverage: exactly the seed's share of each kind is covered, own organisations in the larger units.
  for (const kind of Object.keys(CALIBRATION.unitsByKind) as UnitKind[]) {
    const list = units.filter((u) => u.kind === kind);
    const covered = Math.round(list.length * CALIBRATION.coverage[kind]);
    const ranked = list.map((u) => ({ u, k: Math.log(u.employees + 1) + r.range(0, 4) })).sort((a, b) => b.k - a.k);
    const chosen = ranked.slice(0, covered).map((x) => x.u);
    const own = Math.round(covered * OWN_SHARE[kind]);
    chosen.sort((a, b) => b.employees - a.employees || (a.name < b.name ? -1 : 1));
    for (const [i, u] of chosen.entries()) u.partyStatus = i < own ? "own" : "joint";
  }
  const demo = units[0]!;
  if (demo.partyStatus !== "own") {
    const swap = units.find((u) => u.kind === "soe" && u.partyStatus === "own")!;
    swap.partyStatus = demo.partyStatus;
    demo.partyStatus = "own";
  }
  return units;
}
