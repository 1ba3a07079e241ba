import { randomUUID } from "node:crypto";
import { CALIBRATION } from "./calibration.js";
import type { Building, CityAreas, Community, Compound, Street } from "./generate-areas.js";
import { type CityPeople, isoDate, type MemberRec, type PersonRec } from "./generate-people.js";
import type { UnitRec } from "./generate-units.js";
import { forkRandom, type Random } from "./random.js";

export interface PartyOrgRec {
  id: string;
  name: string;
  kind:
    | "working_committee"
    | "community_committee"
    | "general_branch"
    | "compound_branch"
    | "building_group"
    | "joint_committee"
    | "regional_joint"
    | "featured_branch"
    | "mobile_branch"
    | "grid_group"
    | "unit_branch";
  basis: "geographic" | "occupational" | "interest" | null;
  parentId: string | null;
  areaCode: string;
  gridId: string | null;
  unitId: string | null;
  secretaryId: string | null;
  establishedOn: string;
}

const FEATURED: Record<"geographic" | "occupational" | "interest", string[]> = {
  geographic: ["商圈", "楼宇", "街巷", "邻里", "商业街", "农贸市场"],
  occupational: ["快递小哥", "网约车司机", "外卖骑手", "物业服务", "律师", "教师", "医护", "出租车司机"],
  interest: ["书画", "合唱", "志愿服务", "红色宣讲", "太极", "摄影", "读书", "乌兰牧骑"],
};
const JOINT_SECTOR: Record<UnitRec["kind"], string> = {
  private: "非公企业",
  shop: "商圈",
  social_org: "社会组织",
  government: "驻区单位",
  soe: "驻区单位",
  university: "驻区单位",
  resident_unit: "驻区单位",
};

/**
 * The party organisations of the demo city (≈5,236): the small three levels (street 党工委, community
 * 党委/党总支, compound 党支部, building 党小组), grid party groups, regional, joint, featured and mobile
 * organisations, and the units' own branches; with parents, secretaries, and every member's branch.
 */
export function generateParty(seed: number, city: CityAreas, people: CityPeople, units: UnitRec[]): PartyOrgRec[] {
  const r = forkRandom(seed, "party");
  const orgs: PartyOrgRec[] = [];
  const org = (o: Omit<PartyOrgRec, "id" | "basis" | "gridId" | "unitId"> & Partial<PartyOrgRec>): PartyOrgRec => {
    const rec: PartyOrgRec = { id: randomUUID(), basis: null, gridId: null, unitId: null, ...o };
    orgs.push(rec);
    return rec;
  };

  const { members } = people;
  const membersIn = <K>(key: (m: MemberRec) => K | null) => {
    const map = new Map<K, MemberRec[]>();
    for (const m of members) {
      const k = key(m);
      if (k === null) continue;
      const list = map.get(k) ?? [];
      list.push(m);
      map.set(k, list);
    }
    return map;
  };
  const byCommunity = membersIn<Community>((m) => m.community);
  const byCompound = membersIn<Compound>((m) => (m.role === "resident" ? m.compound : null));
  const byBuilding = membersIn<Building>((m) => (m.role === "resident" ? m.building : null));
  const byStreet = membersIn<Street>((m) => m.street);
  const workersOf = new Map<Community, PersonRec[]>();
  const secretaryOf = new Map<Community, PersonRec>();
  for (const w of people.workers) {
    if (w.post === "secretary") secretaryOf.set(w.community, w.person);
    const list = workersOf.get(w.community) ?? [];
    list.push(w.person);
    workersOf.set(w.community, list);
  }
  const memberPeople = new Set(members.map((m) => m.person));

  // Streets: 党工委 (towns: 党委), the regional joint committee, the mobile members' branch.
  const wcOf = new Map<Street, PartyOrgRec>();
  const mobileOf = new Map<Street, PartyOrgRec>();
  for (const s of city.streets) {
    if (!s.communities.length) continue;
    const secretary = people.streetSecretaries.get(s.code)!;
    const wc = org({
      name: s.subdistrict || /开发区|园区|示范区/.test(s.name) ? `${s.name}党工委` : `${s.name}党委`,
      kind: "working_committee",
      parentId: null,
      areaCode: s.code,
      secretaryId: secretary.id,
      establishedOn: isoDate(r, 1990, 2016),
    });
    wcOf.set(s, wc);
    org({
      name: `${s.name}区域化党建联合党委`,
      kind: "regional_joint",
      parentId: wc.id,
      areaCode: s.code,
      secretaryId: secretary.id,
      establishedOn: isoDate(r, 2017, 2022),
    });
    const mobile = (byStreet.get(s) ?? []).find((m) => m.category === "mobile");
    mobileOf.set(
      s,
      org({
        name: `${s.name}流动党员党支部`,
        kind: "mobile_branch",
        parentId: wc.id,
        areaCode: s.code,
        secretaryId: mobile?.person.id ?? null,
        establishedOn: isoDate(r, 2015, 2024),
      }),
    );
  }

  // Communities: 社区党委 or 党总支, the grid party group of the community grid, featured branches.
  const communityOrg = new Map<Community, PartyOrgRec>();
  for (const c of city.communities) {
    const large = c.attrs.communityPopulation === "large" || (c.attrs.communityPopulation === "medium" && r.chance(0.5));
    const label = c.virtual ? c.name : `${c.short}社区`;
    const co = org({
      name: `${label}${!c.virtual && large ? "党委" : "党总支"}`,
      kind: !c.virtual && large ? "community_committee" : "general_branch",
      parentId: wcOf.get(c.street)!.id,
      areaCode: c.code,
      secretaryId: secretaryOf.get(c)?.id ?? null,
      establishedOn: isoDate(r, 2000, 2020),
    });
    communityOrg.set(c, co);
    const staff = (workersOf.get(c) ?? []).filter((p) => memberPeople.has(p) && p !== secretaryOf.get(c));
    const group = org({
      name: `${label}网格党小组`,
      kind: "grid_group",
      parentId: co.id,
      areaCode: c.code,
      gridId: c.grid.id,
      secretaryId: (staff[0] ?? secretaryOf.get(c))?.id ?? null,
      establishedOn: isoDate(r, 2019, 2024),
    });
    c.grid.partyGroupId = group.id;
    if (c.virtual) continue;
    const featured = c.attrs.demonstration ? 2 : r.chance(0.55) ? 1 : 0;
    const residentsHere = (byCommunity.get(c) ?? []).filter((m) => m.role === "resident");
    const bases = r.shuffle(["geographic", "occupational", "interest"] as const);
    for (let i = 0; i < featured; i++) {
      const basis = bases[i]!;
      const word = r.pick(FEATURED[basis]);
      const lead = residentsHere.find((m) => m.category === "retired") ?? residentsHere[0];
      org({
        name: basis === "interest" ? `${c.short}社区${word}兴趣党支部` : `${c.short}社区${word}党支部`,
        kind: "featured_branch",
        basis,
        parentId: co.id,
        areaCode: c.code,
        secretaryId: r.chance(0.9) ? (lead?.person.id ?? null) : null,
        establishedOn: isoDate(r, 2018, 2025),
      });
    }
  }

  // Units: their own branches (党委/党总支/党支部 by size) and the community's joint organisations.
  const jointOf = new Map<string, PartyOrgRec>();
  for (const u of units) {
    const c = u.community;
    if (u.partyStatus === "own") {
      const suffix = u.employees >= 300 ? "党委" : u.employees >= 100 ? "党总支" : "党支部";
      const local = u.kind === "private" || u.kind === "social_org" || u.kind === "shop" || u.kind === "resident_unit";
      const o = org({
        name: u.kind === "government" && suffix === "党支部" && !/学|医院/.test(u.name) ? `${u.name}机关党支部` : `${u.name}${suffix}`,
        kind: "unit_branch",
        parentId: local ? communityOrg.get(c)!.id : null,
        areaCode: u.grid.areaCode,
        unitId: u.id,
        secretaryId: null,
        establishedOn: isoDate(r, 1995, 2024),
      });
      u.partyOrgId = o.id;
    } else if (u.partyStatus === "joint") {
      const sector = c.virtual ? "园区" : JOINT_SECTOR[u.kind];
      const key = `${c.code}|${sector}`;
      let o = jointOf.get(key);
      if (!o) {
        o = org({
          name: c.virtual ? `${c.street.name}非公企业联合党委` : `${c.short}社区${sector}联合党支部`,
          kind: "joint_committee",
          parentId: communityOrg.get(c)!.id,
          areaCode: c.code,
          secretaryId: null,
          establishedOn: isoDate(r, 2012, 2024),
        });
        jointOf.set(key, o);
      }
      u.partyOrgId = o.id;
    }
  }

  // Compound branches and building groups fill the calibrated total: branches in the larger compounds.
  const remaining = CALIBRATION.partyOrgs - orgs.length;
  const branchCount = Math.min(city.compounds.length, Math.round(remaining * 0.72));
  const ranked = city.compounds
    .map((k) => ({ k, key: (k.attrs.households ?? 0) * r.range(0.4, 1.6) }))
    .sort((a, b) => b.key - a.key || (a.k.code < b.k.code ? -1 : 1));
  const branchOf = new Map<Compound, PartyOrgRec>();
  for (const { k } of ranked.slice(0, branchCount).sort((a, b) => (a.k.code < b.k.code ? -1 : 1))) {
    const here = byCompound.get(k) ?? [];
    const worker = people.gridWorkers.get(k.grid.id);
    const lead = here.find((m) => m.category === "retired")?.person ?? (worker && memberPeople.has(worker) ? worker : here[0]?.person);
    branchOf.set(
      k,
      org({
        name: /小区|家属院|家属楼$/.test(k.name) ? `${k.name}党支部` : `${k.name}小区党支部`,
        kind: "compound_branch",
        parentId: communityOrg.get(k.community)!.id,
        areaCode: k.code,
        gridId: k.grid.id,
        secretaryId: lead?.id ?? null,
        establishedOn: isoDate(r, 2016, 2025),
      }),
    );
  }
  const groupCount = CALIBRATION.partyOrgs - orgs.length;
  const buildings = [...branchOf.keys()]
    .flatMap((k) => k.buildings)
    .map((b) => ({ b, key: (b.attrs.households ?? 0) * r.range(0.3, 1.7) + ((byBuilding.get(b)?.length ?? 0) > 0 ? 1e6 : 0) }))
    .sort((a, b) => b.key - a.key || (a.b.code < b.b.code ? -1 : 1))
    .slice(0, groupCount)
    .sort((a, b) => (a.b.code < b.b.code ? -1 : 1));
  for (const { b } of buildings) {
    const lead = byBuilding.get(b)?.[0]?.person ?? null;
    org({
      name: `${b.compound.name}${b.name}党小组`,
      kind: "building_group",
      parentId: branchOf.get(b.compound)!.id,
      areaCode: b.code,
      secretaryId: lead?.id ?? null,
      establishedOn: isoDate(r, 2018, 2025),
    });
  }

  assignBranches(r, people, units, { wcOf, mobileOf, communityOrg, branchOf });

  // Secretaries of unit and joint organisations: a member whose branch it is.
  const firstMember = new Map<string, string>();
  for (const m of members) if (m.branchId && !firstMember.has(m.branchId)) firstMember.set(m.branchId, m.person.id);
  for (const o of orgs)
    if (!o.secretaryId && (o.kind === "unit_branch" || o.kind === "joint_committee")) o.secretaryId = firstMember.get(o.id) ?? null;

  for (const c of city.communities) for (const g of c.lowestGrids) g.workerPersonId = people.gridWorkers.get(g.id)?.id ?? null;
  return orgs;
}

/** Every member's branch: in-service members their work unit's, retired members their compound's. */
function assignBranches(
  r: Random,
  people: CityPeople,
  units: UnitRec[],
  o: {
    wcOf: Map<Street, PartyOrgRec>;
    mobileOf: Map<Street, PartyOrgRec>;
    communityOrg: Map<Community, PartyOrgRec>;
    branchOf: Map<Compound, PartyOrgRec>;
  },
): void {
  // In-service residents work in covered units of their district: first one for each unit, then by size.
  const covered = new Map<string, UnitRec[]>();
  for (const u of units) {
    if (!u.partyOrgId) continue;
    const d = u.community.street.district.code;
    const list = covered.get(d) ?? [];
    list.push(u);
    covered.set(d, list);
  }
  const cursor = new Map<string, number>();
  const pickers = new Map(
    [...covered].map(([d, list]) => [
      d,
      r.picker(
        list,
        list.map((u) => Math.sqrt(u.employees)),
      ),
    ]),
  );
  for (const m of people.members) {
    const community = m.community;
    if (m.role === "resident" && m.category === "in_service") {
      const d = m.district.code;
      const list = covered.get(d) ?? [];
      if (!list.length) {
        m.branchId = o.communityOrg.get(community!)!.id;
        continue;
      }
      const i = cursor.get(d) ?? 0;
      cursor.set(d, i + 1);
      const u = i < list.length ? list[i]! : pickers.get(d)!();
      m.workUnitId = u.id;
      m.branchId = u.partyOrgId;
    } else if (m.role === "resident" && m.category === "retired") {
      m.branchId = (m.compound && o.branchOf.get(m.compound)?.id) || o.communityOrg.get(community!)!.id;
    } else if (m.role === "resident" && m.category === "mobile") {
      m.branchId = o.mobileOf.get(m.street!)!.id;
    } else if (m.role === "grid_worker") {
      m.branchId = (m.compound && o.branchOf.get(m.compound)?.id) || o.communityOrg.get(community!)!.id;
    } else if (m.role === "community_worker") {
      m.branchId = o.communityOrg.get(community!)!.id;
    } else if (m.role === "street_official") {
      m.branchId = o.wcOf.get(m.street!)!.id;
    }
  }
}
