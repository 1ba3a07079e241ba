import { randomUUID } from "node:crypto";
import { CALIBRATION } from "./calibration.js";
import type { Building, CityAreas, Community, Compound, District, Street } from "./generate-areas.js";
import {
  apportion,
  forkRandom,
  type Gender,
  givenName,
  idNumber,
  mobile,
  mongolianName,
  personName,
  type Random,
  surname,
} from "./random.js";

const YEAR = CALIBRATION.year;

export interface PersonRec {
  id: string;
  name: string;
  gender: Gender;
  areaCode: string;
  idNumber: string;
  phone: string | null;
  address: string | null;
  householdId: string | null;
  birthYear: number;
  residentType: "registered" | "migrant" | "other";
}
export interface HouseholdRec {
  id: string;
  building: Building;
  gridId: string;
  door: string;
  address: string;
  members: PersonRec[];
}
export interface MemberRec {
  person: PersonRec;
  category: "in_service" | "retired" | "mobile";
  branchId: string | null;
  joinedOn: string;
  workUnitId: string | null;
  reportedCommunityCode: string | null;
  reportedOn: string | null;
  /** where the member lives or works, for choosing the branch */
  district: District;
  street: Street | null;
  community: Community | null;
  compound: Compound | null;
  building: Building | null;
  role: "resident" | "community_worker" | "grid_worker" | "street_official";
}
export interface WorkerRec {
  person: PersonRec;
  community: Community;
  education: "junior_high" | "high_school" | "vocational" | "college" | "bachelor" | "master";
  credential: "none" | "assistant" | "intermediate" | "senior";
  post: "secretary" | "director" | "deputy" | "member";
  grade: number;
  startedOn: string;
}
export interface PairingRec {
  person: PersonRec;
  areaCode: string;
  title: string;
  since: string;
}

export interface CityPeople {
  people: PersonRec[];
  households: HouseholdRec[];
  members: MemberRec[];
  workers: WorkerRec[];
  /** the worker of each lowest grid, by grid id */
  gridWorkers: Map<string, PersonRec>;
  /** the 党工委 secretary of each street with communities, by street code */
  streetSecretaries: Map<string, PersonRec>;
  pairings: PairingRec[];
}

/** Resident ID numbers issued before 2001 carry the codes of 伊克昭盟 (Ordos's former name). */
const OLD_REGION: Record<string, string> = {
  "150602": "152701",
  "150603": "152701",
  "150621": "152722",
  "150622": "152723",
  "150623": "152724",
  "150624": "152725",
  "150625": "152726",
  "150626": "152727",
  "150627": "152728",
};
/** Where migrants come from: Baotou, Hohhot, Yulin, Shuozhou, Lüliang, Lanzhou, Ulanqab, Bayannur, Shijiazhuang, Zhengzhou. */
const MIGRANT_REGIONS = [
  "150203",
  "150102",
  "610802",
  "612701",
  "140602",
  "141102",
  "620102",
  "152601",
  "150802",
  "130102",
  "410102",
  "640104",
];

export function isoDate(r: Random, fromYear: number, toYear: number): string {
  return `${r.int(fromYear, toYear)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
}

/** People with unique, checksum-valid ID numbers and unique phones. */
class Registry {
  readonly people: PersonRec[] = [];
  private readonly ids = new Set<string>();
  private readonly phones = new Set<string>();
  constructor(private readonly r: Random) {}

  region(district: District, birthYear: number, migrant: boolean): string {
    if (migrant) return this.r.pick(MIGRANT_REGIONS);
    const d = district.code.slice(0, 6);
    return birthYear < 2001 ? (OLD_REGION[d] ?? d) : d;
  }

  add(p: {
    name?: string;
    gender: Gender;
    birthYear: number;
    district: District;
    areaCode: string;
    householdId?: string | null;
    address?: string | null;
    residentType?: PersonRec["residentType"];
    phone?: boolean;
  }): PersonRec {
    const r = this.r;
    const residentType = p.residentType ?? "registered";
    const region = this.region(p.district, p.birthYear, residentType === "migrant");
    let id = idNumber(r, region, p.birthYear, p.gender);
    while (this.ids.has(id)) id = idNumber(r, region, p.birthYear, p.gender);
    this.ids.add(id);
    let phone: string | null = null;
    if (p.phone ?? true) {
      phone = mobile(r);
      while (this.phones.has(phone)) phone = mobile(r);
      this.phones.add(phone);
    }
    const rec: PersonRec = {
      id: randomUUID(),
      name: p.name ?? personName(r, p.gender, p.birthYear),
      gender: p.gender,
      areaCode: p.areaCode,
      idNumber: id,
      phone,
      address: p.address ?? null,
      householdId: p.householdId ?? null,
      birthYear: p.birthYear,
      residentType,
    };
    this.people.push(rec);
    return rec;
  }
}

type Shape = "single_elder" | "elder_couple" | "couple" | "single" | "family3" | "family4" | "three_gen";
const SHAPES: Shape[] = ["single_elder", "elder_couple", "couple", "single", "family3", "family4", "three_gen"];
const SHAPE_WEIGHTS = [0.07, 0.13, 0.14, 0.08, 0.33, 0.13, 0.12];

type Kin = "head" | "spouse" | "child" | "elder";

/** Ages, genders and kinship of a household's members, head first. */
function householdShape(r: Random): { age: number; gender: Gender; kin: Kin }[] {
  const shape = r.weighted(SHAPES, SHAPE_WEIGHTS);
  const couple = (min: number, max: number, kin: Kin = "head") => {
    const age = r.int(min, max);
    return [
      { age, gender: "male" as Gender, kin },
      { age: Math.max(min, age - r.int(-2, 5)), gender: "female" as Gender, kin: kin === "head" ? ("spouse" as Kin) : kin },
    ];
  };
  const child = (parentAge: number) => ({
    age: Math.max(0, parentAge - r.int(23, 34)),
    gender: (r.chance(0.5) ? "male" : "female") as Gender,
    kin: "child" as Kin,
  });
  switch (shape) {
    case "single_elder":
      return [{ age: r.int(65, 90), gender: r.chance(0.6) ? "female" : "male", kin: "head" }];
    case "elder_couple":
      return couple(60, 85);
    case "couple":
      return couple(24, 58);
    case "single":
      return [{ age: r.int(22, 45), gender: r.chance(0.5) ? "male" : "female", kin: "head" }];
    case "family3": {
      const p = couple(28, 55);
      return [...p, child(p[1]!.age)];
    }
    case "family4": {
      const p = couple(30, 52);
      return [...p, child(p[1]!.age), child(p[1]!.age)];
    }
    case "three_gen": {
      const p = couple(30, 50);
      const elders = r.chance(0.5)
        ? couple(p[0]!.age + 24, Math.min(90, p[0]!.age + 32), "elder")
        : [{ age: Math.min(92, p[0]!.age + r.int(24, 32)), gender: "female" as Gender, kin: "elder" as Kin }];
      return [...p, child(p[1]!.age), ...elders];
    }
  }
}

const communityLabel = (c: Community) => `${c.short}社区`;

/** Residents in households, party members, community workers, grid workers, street secretaries and leaders. */
export function generatePeople(seed: number, city: CityAreas): CityPeople {
  const r = forkRandom(seed, "people");
  const reg = new Registry(r);
  const households: HouseholdRec[] = [];
  const members: MemberRec[] = [];

  // Households in the buildings of each community's compounds.
  const real = city.communities.filter((c) => c.compounds.length);
  const perCommunity = apportion(
    CALIBRATION.households,
    real.map((c) => c.weight * r.range(0.8, 1.2)),
    10,
  );
  const residentsOf = new Map<Community, PersonRec[]>();
  const homeOf = new Map<PersonRec, HouseholdRec>();
  for (const [idx, c] of real.entries()) {
    const district = c.street.district;
    const doors = new Map<Building, Set<string>>();
    const compoundWeights = c.compounds.map((k) => k.attrs.households ?? 1);
    const residents: PersonRec[] = [];
    residentsOf.set(c, residents);
    for (let h = 0; h < perCommunity[idx]!; h++) {
      let building: Building | null = null;
      let door = "";
      for (let tries = 0; tries < 40 && !building; tries++) {
        const k = r.weighted(c.compounds, compoundWeights);
        const b = r.pick(k.buildings);
        const d = `${r.int(1, b.entrances)}单元${r.int(1, b.floors)}${String(r.int(1, b.floors > 12 ? 4 : 2)).padStart(2, "0")}室`;
        const used = doors.get(b) ?? new Set<string>();
        doors.set(b, used);
        if (used.has(d)) continue;
        used.add(d);
        building = b;
        door = d;
      }
      if (!building) continue;
      const k = building.compound;
      const address = `鄂尔多斯市${district.name}${c.street.name}${communityLabel(c)}${k.name}${building.name}${door}`;
      const hh: HouseholdRec = { id: randomUUID(), building, gridId: k.grid.id, door, address, members: [] };
      households.push(hh);
      const migrant = r.chance(c.attrs.communityServiceMode === "migrant" ? 0.4 : 0.12);
      const residentType = migrant ? "migrant" : r.chance(0.02) ? "other" : "registered";
      const mongolian = r.chance(0.1);
      const family = surname(r);
      for (const m of householdShape(r)) {
        // Children and the head's father carry the family surname; wives keep their own.
        const name = mongolian
          ? mongolianName(r, m.gender)
          : m.kin === "head" || m.kin === "child" || (m.kin === "elder" && m.gender === "male")
            ? family + givenName(r, m.gender, YEAR - m.age)
            : surname(r) + givenName(r, m.gender, YEAR - m.age);
        const p = reg.add({
          name,
          gender: m.gender,
          birthYear: YEAR - m.age,
          district,
          areaCode: building.code,
          householdId: hh.id,
          address,
          residentType,
          phone: m.age >= 16 && r.chance(m.age >= 80 ? 0.7 : 0.97),
        });
        hh.members.push(p);
        residents.push(p);
        homeOf.set(p, hh);
      }
    }
  }

  // Party members among the residents: in-service members reported to the community they live in
  // (双报到), retired members and mobile members.
  const residentsAll = [...residentsOf.values()].flat();
  const communityOf = new Map<PersonRec, Community>();
  for (const [c, list] of residentsOf) for (const p of list) communityOf.set(p, c);
  const taken = new Set<PersonRec>();
  const choose = (pool: PersonRec[], n: number, key: (p: PersonRec) => number) => {
    const ranked = pool.filter((p) => !taken.has(p)).map((p) => ({ p, k: key(p) }));
    ranked.sort((a, b) => b.k - a.k);
    const out = ranked.slice(0, n).map((x) => x.p);
    for (const p of out) taken.add(p);
    return out;
  };
  const age = (p: PersonRec) => YEAR - p.birthYear;
  const memberAt = (p: PersonRec, category: MemberRec["category"]): MemberRec => {
    const hh = homeOf.get(p)!;
    const c = communityOf.get(p)!;
    const joined = Math.min(YEAR - 1, p.birthYear + r.int(19, 40));
    return {
      person: p,
      category,
      branchId: null,
      joinedOn: isoDate(r, joined, joined),
      workUnitId: null,
      reportedCommunityCode: null,
      reportedOn: null,
      district: c.street.district,
      street: c.street,
      community: c,
      compound: hh.building.compound,
      building: hh.building,
      role: "resident",
    };
  };
  const working = residentsAll.filter((p) => age(p) >= 22 && age(p) <= 60);
  for (const p of choose(working, CALIBRATION.reportedInService, () => r.next())) {
    const m = memberAt(p, "in_service");
    m.reportedCommunityCode = m.community!.code;
    m.reportedOn = isoDate(r, 2018, 2025);
    members.push(m);
  }
  const elders = residentsAll.filter((p) => age(p) >= 56);
  for (const p of choose(elders, CALIBRATION.retiredMembers, () => r.next())) members.push(memberAt(p, "retired"));
  const young = residentsAll.filter((p) => age(p) >= 20 && age(p) <= 50);
  for (const p of choose(young, CALIBRATION.mobileMembers, (q) => r.next() + (q.residentType === "migrant" ? 1 : 0)))
    members.push(memberAt(p, "mobile"));

  // Community workers: 2,770 in all, a few in each virtual community.
  const workers: WorkerRec[] = [];
  const virtual = city.communities.filter((c) => c.virtual);
  const staffed = city.communities.filter((c) => !c.virtual);
  const virtualEach = 4;
  const counts = new Map<Community, number>(virtual.map((c) => [c, virtualEach]));
  const shares = apportion(
    CALIBRATION.communityWorkers - virtualEach * virtual.length,
    staffed.map((c) => c.weight * r.range(0.85, 1.15)),
    6,
  );
  for (const [i, c] of staffed.entries()) counts.set(c, shares[i]!);
  const secretaries: WorkerRec[] = [];
  const secretaryAges = calibratedAges(r, city.communities.length);
  for (const [ci, c] of city.communities.entries()) {
    const n = counts.get(c)!;
    const district = c.street.district;
    const oneShoulder = r.chance(0.55);
    const deputies = n >= 10 ? 3 : n >= 7 ? 2 : 1;
    const credentialed = new Set(r.shuffle([...Array(n).keys()]).slice(0, c.virtual ? 1 : CALIBRATION.credentialsPerCommunity));
    for (let i = 0; i < n; i++) {
      const post: WorkerRec["post"] =
        i === 0 ? "secretary" : i === 1 && !oneShoulder ? "director" : i <= deputies + (oneShoulder ? 0 : 1) ? "deputy" : "member";
      const secretary = post === "secretary";
      const a = secretary ? secretaryAges[ci]! : r.int(23, 56);
      const gender: Gender = r.chance(secretary ? 0.5 : 0.68) ? "female" : "male";
      const special = c.code === "150603002002" && secretary ? { name: "张晓东", gender: "male" as Gender } : null;
      const person = reg.add({ name: special?.name, gender: special?.gender ?? gender, birthYear: YEAR - a, district, areaCode: c.code });
      const w: WorkerRec = {
        person,
        community: c,
        education: r.weighted(["high_school", "vocational", "college", "bachelor", "master"] as const, [0.08, 0.14, 0.35, 0.4, 0.03]),
        credential: credentialed.has(i) ? r.weighted(["assistant", "intermediate", "senior"] as const, [0.6, 0.35, 0.05]) : "none",
        post,
        grade: post === "secretary" ? r.int(1, 6) : post === "director" ? r.int(2, 8) : post === "deputy" ? r.int(4, 10) : r.int(8, 18),
        startedOn: isoDate(r, Math.max(2008, YEAR - a + 21), 2025),
      };
      workers.push(w);
      if (secretary) secretaries.push(w);
      if (post === "secretary" || post === "director" || r.chance(0.55)) {
        const joined = Math.min(YEAR - 1, person.birthYear + r.int(19, 28));
        members.push({
          person,
          category: "in_service",
          branchId: null,
          joinedOn: isoDate(r, joined, joined),
          workUnitId: null,
          reportedCommunityCode: null,
          reportedOn: null,
          district,
          street: c.street,
          community: c,
          compound: null,
          building: null,
          role: "community_worker",
        });
      }
    }
  }
  calibrateEducation(r, secretaries);

  // One grid worker per lowest grid.
  const gridWorkers = new Map<string, PersonRec>();
  for (const c of city.communities) {
    for (const [i, g] of c.lowestGrids.entries()) {
      const special = c.code === "150603002002" && i === 0;
      const person = reg.add({
        name: special ? "赵玉兰" : undefined,
        gender: special || r.chance(0.7) ? "female" : "male",
        birthYear: YEAR - r.int(25, 50),
        district: c.street.district,
        areaCode: g.areaCode,
      });
      gridWorkers.set(g.id, person);
      if (r.chance(0.35)) {
        const joined = Math.min(YEAR - 1, person.birthYear + r.int(19, 30));
        members.push({
          person,
          category: "in_service",
          branchId: null,
          joinedOn: isoDate(r, joined, joined),
          workUnitId: null,
          reportedCommunityCode: null,
          reportedOn: null,
          district: c.street.district,
          street: c.street,
          community: c,
          compound: c.compounds.find((k) => k.grid.id === g.id) ?? null,
          building: null,
          role: "grid_worker",
        });
      }
    }
  }

  // The 党工委 (or town party committee) secretary of each street with communities.
  const streetSecretaries = new Map<string, PersonRec>();
  for (const s of city.streets) {
    if (!s.communities.length) continue;
    const person = reg.add({
      gender: r.chance(0.7) ? "male" : "female",
      birthYear: YEAR - r.int(38, 55),
      district: s.district,
      areaCode: s.code,
    });
    streetSecretaries.set(s.code, person);
    members.push({
      person,
      category: "in_service",
      branchId: null,
      joinedOn: isoDate(r, person.birthYear + 20, person.birthYear + 26),
      workUnitId: null,
      reportedCommunityCode: null,
      reportedOn: null,
      district: s.district,
      street: s,
      community: null,
      compound: null,
      building: null,
      role: "street_official",
    });
  }

  const pairings = pairLeaders(r, reg, city);

  // A few of the demo accounts' people live in 神华康城.
  const shenhua = city.communities.find((c) => c.code === "150603002002");
  const shenhuaMembers = members.filter((m) => m.community === shenhua && m.role === "resident");
  const party = shenhuaMembers.find((m) => m.category === "in_service" && m.person.gender === "male");
  if (party) party.person.name = "孙志强";
  const others = (residentsOf.get(shenhua!) ?? []).filter((p) => !taken.has(p) && age(p) >= 20);
  const volunteer = others.find((p) => p.gender === "female" && age(p) < 45);
  if (volunteer) volunteer.name = "周婷婷";
  const resident = others.find((p) => p.gender === "female" && age(p) >= 60);
  if (resident) resident.name = "吴桂英";

  return { people: reg.people, households, members, workers, gridWorkers, streetSecretaries, pairings };
}

/** Ages of the community party secretaries, averaging the seed's 36.5. */
function calibratedAges(r: Random, n: number): number[] {
  const target = CALIBRATION.secretaryAge;
  const ages = Array.from({ length: n }, () => Math.round(Math.min(55, Math.max(27, r.normal(target, 5.5)))));
  let sum = ages.reduce((s, a) => s + a, 0);
  for (let guard = 0; Math.abs(sum / n - target) > 0.05 && guard < 10_000; guard++) {
    const i = r.int(0, n - 1);
    const step = sum / n > target ? -1 : 1;
    const a = ages[i]! + step;
    if (a < 27 || a > 55) continue;
    ages[i] = a;
    sum += step;
  }
  return ages;
}

/** 87% of community party secretaries with a college degree or above, as in the seed. */
function calibrateEducation(r: Random, secretaries: WorkerRec[]): void {
  const college = Math.round(secretaries.length * CALIBRATION.secretaryCollegeShare);
  for (const [i, w] of r.shuffle([...secretaries]).entries()) {
    w.education =
      i < college
        ? r.weighted(["college", "bachelor", "master"] as const, [0.35, 0.58, 0.07])
        : r.weighted(["high_school", "vocational"] as const, [0.3, 0.7]);
  }
}

const CITY_TITLES = [
  "市委书记",
  "市长",
  "市委副书记",
  "市委常委、组织部部长",
  "市委常委、政法委书记",
  "市委常委、宣传部部长",
  "市委常委、统战部部长",
  "副市长",
  "副市长",
  "市委社会工作部部长",
];

/** City and district leaders, each paired with communities (结对联系); every community has a district leader. */
function pairLeaders(r: Random, reg: Registry, city: CityAreas): PairingRec[] {
  const pairings: PairingRec[] = [];
  const real = city.communities.filter((c) => !c.virtual);
  const capital = city.districts.find((d) => d.code === "150603000000")!;
  const paired = new Set<string>();
  for (const title of CITY_TITLES) {
    const special = title === "市委社会工作部部长";
    const person = reg.add({
      name: special ? "王建华" : undefined,
      gender: special || r.chance(0.8) ? "male" : "female",
      birthYear: YEAR - r.int(48, 60),
      district: capital,
      areaCode: city.city.code,
    });
    const picks = special ? [real.find((c) => c.code === "150603002002")!] : [];
    while (picks.length < (special ? 3 : r.int(2, 3))) {
      const c = r.pick(real);
      if (!picks.includes(c) && !paired.has(`${person.id}${c.code}`)) picks.push(c);
    }
    for (const c of picks) {
      paired.add(`${person.id}${c.code}`);
      pairings.push({
        person,
        areaCode: c.code,
        title: title.startsWith("市") ? `鄂尔多斯${title}` : `鄂尔多斯市${title}`,
        since: isoDate(r, 2023, 2025),
      });
    }
  }
  for (const d of city.districts) {
    const unit = d.name.slice(-1);
    const titles = [
      `${d.name}委书记`,
      `${d.name}${unit}长`,
      `${d.name}委副书记`,
      `${d.name}委常委、组织部部长`,
      `${d.name}委常委、政法委书记`,
      `${d.name}人大常委会主任`,
      `${d.name}政协主席`,
      `${d.name}人民政府副${unit}长`,
    ];
    const leaders = titles.map((title) => ({
      title,
      person: reg.add({ gender: r.chance(0.8) ? "male" : "female", birthYear: YEAR - r.int(45, 58), district: d, areaCode: d.code }),
    }));
    const mine = r.shuffle(city.communities.filter((c) => c.street.district === d));
    for (const [i, c] of mine.entries()) {
      const l = leaders[i % leaders.length]!;
      pairings.push({ person: l.person, areaCode: c.code, title: l.title, since: isoDate(r, 2022, 2025) });
    }
  }
  return pairings;
}
