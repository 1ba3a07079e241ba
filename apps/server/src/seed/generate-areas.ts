import { randomUUID } from "node:crypto";
import type { AreaAttrs, AreaLevel } from "@gongzhi/contracts";
import { CALIBRATION, CITY_POINT, DISTRICT_SEATS, PROVINCE_POINT } from "./calibration.js";
import {
  bboxesOverlap,
  bilinear,
  type CompoundPlace,
  layoutDistrict,
  offsetKm,
  type Pt,
  type Ring,
  type ringBBox,
  subdivide,
} from "./geometry.js";
import { communityShort, compoundName } from "./names.js";
import { apportion, forkRandom, type Random } from "./random.js";

export interface Division {
  code: string;
  name: string;
  parent?: string;
  kind?: "community" | "village";
}
export interface Divisions {
  source: string;
  city: Division;
  districts: Division[];
  streets: Division[];
  communities: Division[];
}

export interface AreaRec {
  code: string;
  name: string;
  level: AreaLevel;
  lat: number;
  lng: number;
  attrs: AreaAttrs;
}
export interface GridRec {
  id: string;
  code: string;
  name: string;
  level: "street" | "community" | "compound";
  parentId: string | null;
  areaCode: string;
  ring: Ring;
  workerPersonId: string | null;
  partyGroupId: string | null;
}
export interface District extends AreaRec {
  /** 区 (东胜, 康巴什) rather than 旗 */
  urban: boolean;
  streets: Street[];
}
export interface Street extends AreaRec {
  district: District;
  /** a 街道 (rather than a town, sumu or development zone) */
  subdistrict: boolean;
  communities: Community[];
  grid: GridRec | null;
}
export interface Community extends AreaRec {
  short: string;
  street: Street;
  virtual: boolean;
  /** relative size, for sharing out compounds, households, workers and units */
  weight: number;
  compounds: Compound[];
  grid: GridRec;
  /** the grids nobody subdivides: the compound grids, or the community's own when it has none */
  lowestGrids: GridRec[];
}
export interface Compound extends AreaRec {
  community: Community;
  buildings: Building[];
  grid: GridRec;
  place: CompoundPlace;
}
export interface Building extends AreaRec {
  compound: Compound;
  /** entrances (单元) and floors, for door numbers */
  entrances: number;
  floors: number;
}
export interface CommunityResourcesRec {
  areaCode: string;
  staffExtra: number;
  fundsService: number;
  fundsOffice: number;
  fundsActivity: number;
  venueAreaM2: number;
  venueOwnership: "owned" | "leased" | "borrowed";
}

export interface CityAreas {
  province: AreaRec;
  city: AreaRec;
  districts: District[];
  streets: Street[];
  communities: Community[];
  compounds: Compound[];
  buildings: Building[];
  grids: GridRec[];
  resources: CommunityResourcesRec[];
}

/** Towns that are their banner's seat (城关中心镇). */
const SEAT_TOWNS = new Set(["敖勒召其镇", "乌兰镇", "锡尼镇", "嘎鲁图镇", "阿勒腾席热镇", "薛家湾镇"]);
const UNIT_BASED = /铁路|伊煤|石化|化工|绒纺|技工|煤|电厂|工业|航空/;

function classifyCommunity(r: Random, c: Community): void {
  const s = c.street;
  if (c.virtual) {
    c.attrs = { communityLocation: "urban_fringe", communityPopulation: "small", communityServiceMode: "unit_based" };
    c.weight = 0.4;
    return;
  }
  let location: "urban_core" | "urban_fringe" | "town";
  if (s.subdistrict) location = r.chance(s.district.urban ? 0.8 : 0.55) ? "urban_core" : "urban_fringe";
  else if (s.attrs.streetCategory === "central_town") location = r.chance(0.45) ? "urban_fringe" : "town";
  else location = "town";
  const popWeights = location === "urban_core" ? [0.4, 0.45, 0.15] : location === "urban_fringe" ? [0.2, 0.5, 0.3] : [0.05, 0.35, 0.6];
  const population = r.weighted(["large", "medium", "small"] as const, popWeights);
  const serviceMode = UNIT_BASED.test(c.short)
    ? "unit_based"
    : r.weighted(
        ["residential", "mixed", "unit_based", "migrant"] as const,
        location === "town" ? [0.6, 0.25, 0.1, 0.05] : [0.7, 0.2, 0.04, 0.06],
      );
  c.attrs = { communityLocation: location, communityPopulation: population, communityServiceMode: serviceMode };
  c.weight = { large: 1.6, medium: 1, small: 0.55 }[population] * (location === "town" ? 0.85 : 1);
}

function compoundAttrs(r: Random, c: Community): AreaAttrs {
  const pop = c.attrs.communityPopulation;
  const size = r.weighted(
    ["large", "medium", "small"] as const,
    pop === "large" ? [0.35, 0.45, 0.2] : pop === "medium" ? [0.2, 0.45, 0.35] : [0.1, 0.4, 0.5],
  );
  const households = size === "large" ? r.int(900, 2600) : size === "medium" ? r.int(300, 899) : r.int(60, 299);
  const closure = r.weighted(
    ["closed", "semi_closed", "open"] as const,
    size === "large" ? [0.8, 0.15, 0.05] : size === "medium" ? [0.6, 0.25, 0.15] : [0.3, 0.3, 0.4],
  );
  const propertyManagement = r.weighted(
    ["professional", "self_managed", "none"] as const,
    closure === "closed" ? [0.85, 0.1, 0.05] : closure === "semi_closed" ? [0.5, 0.3, 0.2] : [0.2, 0.35, 0.45],
  );
  return {
    compoundSize: size,
    compoundClosure: closure,
    propertyManagement,
    households,
    residents: Math.round(households * r.range(2.3, 3.0)),
    hasActivityVenue: false,
  };
}

const gridName = (name: string) => `${name}网格`;

/** The area tree of the demo city with its classifications, compounds, buildings, grids and 三有 records. */
export function generateAreas(seed: number, ordos: Divisions): CityAreas {
  const r = forkRandom(seed, "areas");
  const province: AreaRec = { code: "150000000000", name: "内蒙古自治区", level: "province", ...PROVINCE_POINT, attrs: {} };
  const city: AreaRec = { code: ordos.city.code, name: ordos.city.name, level: "city", ...CITY_POINT, attrs: {} };

  const districts: District[] = ordos.districts.map((d) => {
    const seat = DISTRICT_SEATS[d.code];
    if (!seat) throw new Error(`No seat for district ${d.code}`);
    return {
      code: d.code,
      name: d.name,
      level: "district",
      lat: seat.lat,
      lng: seat.lng,
      attrs: {},
      urban: d.name.endsWith("区"),
      streets: [],
    };
  });
  const districtOf = new Map(districts.map((d) => [d.code, d]));
  const streets: Street[] = ordos.streets.map((s) => {
    const district = districtOf.get(s.parent!)!;
    const street: Street = {
      code: s.code,
      name: s.name,
      level: "street",
      lat: district.lat,
      lng: district.lng,
      attrs: {},
      district,
      subdistrict: s.name.endsWith("街道"),
      communities: [],
      grid: null,
    };
    district.streets.push(street);
    return street;
  });
  const streetOf = new Map(streets.map((s) => [s.code, s]));
  const communities: Community[] = ordos.communities
    .filter((c) => c.kind === "community")
    .map((c) => {
      const street = streetOf.get(c.parent!)!;
      const community = {
        code: c.code,
        name: c.name,
        level: "community",
        lat: street.lat,
        lng: street.lng,
        attrs: {},
        short: communityShort(c.name),
        street,
        virtual: c.name.includes("虚拟社区"),
        weight: 1,
        compounds: [],
        lowestGrids: [],
      } as unknown as Community;
      street.communities.push(community);
      return community;
    });

  // Street categories: 街道 of the two 区 are 建制街道, of the banners 旗设街道; towns and zones with
  // communities are 城关中心镇 (the banner seat) or 参照街道.
  for (const s of streets) {
    if (s.subdistrict) s.attrs = { streetCategory: s.district.urban ? "established" : "banner_set" };
    else if (s.communities.length) s.attrs = { streetCategory: SEAT_TOWNS.has(s.name) ? "central_town" : "reference" };
  }
  for (const c of communities) classifyCommunity(r, c);

  // Compounds: the seed's 1,564 scaled to all communities, none in the virtual ones.
  const real = communities.filter((c) => !c.virtual);
  const perCommunity = apportion(
    CALIBRATION.compounds,
    real.map((c) => c.weight * r.range(0.75, 1.25)),
    2,
  );
  const compounds: Compound[] = [];
  const buildings: Building[] = [];
  const usedNames = new Map<string, Set<string>>();
  for (const [idx, c] of real.entries()) {
    const used = usedNames.get(c.street.district.code) ?? new Set<string>();
    usedNames.set(c.street.district.code, used);
    for (let i = 0; i < perCommunity[idx]!; i++) {
      let name = "";
      if (i === 0 && (c.short === "神华康城" || (c.short.length >= 3 && /[园城苑府]$/.test(c.short)))) name = c.short;
      for (let tries = 0; !name || used.has(name); tries++) name = compoundName(r) + (tries > 20 ? String(tries) : "");
      used.add(name);
      const compound = {
        code: c.code + String(i + 1).padStart(3, "0"),
        name,
        level: "compound",
        lat: c.lat,
        lng: c.lng,
        attrs: compoundAttrs(r, c),
        community: c,
        buildings: [],
      } as unknown as Compound;
      c.compounds.push(compound);
      compounds.push(compound);
    }
  }
  // Activity venues: the seed's 560 scaled, most often in the larger compounds.
  const venueKey = compounds.map((k) => ({ k, key: r.next() * { large: 3, medium: 1.5, small: 0.6 }[k.attrs.compoundSize!] }));
  venueKey.sort((a, b) => b.key - a.key || (a.k.code < b.k.code ? -1 : 1));
  for (const { k } of venueKey.slice(0, CALIBRATION.compoundVenues)) k.attrs.hasActivityVenue = true;

  for (const k of compounds) {
    const size = k.attrs.compoundSize;
    const n = size === "large" ? r.int(12, 20) : size === "medium" ? r.int(6, 11) : r.int(2, 6);
    const hh = apportion(
      k.attrs.households!,
      Array.from({ length: n }, () => r.range(0.6, 1.4)),
      1,
    );
    for (let i = 0; i < n; i++) {
      const floors = size === "small" ? r.int(4, 7) : r.pick([6, 7, 11, 12, 18, 24, 26, 32]);
      const b: Building = {
        code: k.code + String(i + 1).padStart(3, "0"),
        name: `${i + 1}号楼`,
        level: "building",
        lat: k.lat,
        lng: k.lng,
        attrs: { households: hh[i]!, residents: Math.round(hh[i]! * r.range(2.2, 3.1)) },
        compound: k,
        entrances: r.int(1, floors > 12 ? 3 : 6),
        floors,
      };
      k.buildings.push(b);
      buildings.push(b);
    }
  }

  const grids = placeGrids(seed, districts);

  // Streets without communities (rural towns and sumu) lie farther out from the seat.
  for (const s of streets) {
    if (s.communities.length) continue;
    const p = offsetKm(s.district, r.range(12, 45), r.range(0, 2 * Math.PI));
    s.lat = p.lat;
    s.lng = p.lng;
  }

  // 示范点: 41 communities, 神华康城 among them, with the funding they received.
  const demo = new Set<Community>([communities.find((c) => c.code === "150603002002")!]);
  const candidates = r.shuffle(
    real.filter((c) => !demo.has(c)).map((c) => ({ c, key: r.next() * (c.weight + (c.street.subdistrict ? 0.5 : 0)) })),
  );
  candidates.sort((a, b) => b.key - a.key);
  for (const { c } of candidates) {
    if (demo.size >= CALIBRATION.demonstrationPoints) break;
    demo.add(c);
  }
  for (const c of communities) {
    c.attrs.demonstration = demo.has(c);
    if (demo.has(c)) c.attrs.demonstrationFunding = r.int(10, 50) * 10_000;
  }

  // 三有: funds around 100k service + 100k office + 150k activity; venues ≥ 1,600 m² on average, 91% owned.
  const owned = new Set(
    r
      .shuffle([...communities])
      .slice(0, Math.round(communities.length * CALIBRATION.venueOwnedShare))
      .map((c) => c.code),
  );
  const resources: CommunityResourcesRec[] = communities.map((c) => {
    const pop = c.attrs.communityPopulation;
    const venue = c.virtual
      ? r.int(400, 900)
      : pop === "large"
        ? r.int(1800, 3200)
        : pop === "medium"
          ? r.int(1300, 2400)
          : r.int(900, 1800);
    return {
      areaCode: c.code,
      staffExtra: r.int(0, 3),
      fundsService: 100_000 + r.int(0, 12) * 5_000,
      fundsOffice: 100_000 + r.int(-2, 6) * 5_000,
      fundsActivity: 150_000 + r.int(-8, 10) * 5_000,
      venueAreaM2: venue + r.int(0, 9) / 10,
      venueOwnership: owned.has(c.code) ? "owned" : r.chance(0.7) ? "leased" : "borrowed",
    };
  });
  // Top venues up so that the average meets the figure whatever the draw.
  const avg = resources.reduce((s, x) => s + x.venueAreaM2, 0) / resources.length;
  if (avg < CALIBRATION.venueAreaMin + 50) {
    const add = CALIBRATION.venueAreaMin + 50 - avg;
    for (const x of resources) x.venueAreaM2 = Math.round((x.venueAreaM2 + add) * 10) / 10;
  }
  for (const x of resources) {
    const total = x.fundsService + x.fundsOffice + x.fundsActivity;
    if (total < CALIBRATION.fundsMin) x.fundsActivity += CALIBRATION.fundsMin - total;
  }

  return { province, city, districts, streets, communities, compounds, buildings, grids, resources };
}

/** Lays out every district's grids (street, community, compound) and places the areas at their grids. */
function placeGrids(seed: number, districts: District[]): GridRec[] {
  const r = forkRandom(seed, "grids");
  const grids: GridRec[] = [];
  const boxes: { code: string; bbox: ReturnType<typeof ringBBox> }[] = [];
  const grid = (level: GridRec["level"], area: AreaRec, parentId: string | null, ring: Ring, name: string): GridRec => {
    const g: GridRec = {
      id: randomUUID(),
      code: `G${area.code}`,
      name,
      level,
      parentId,
      areaCode: area.code,
      ring,
      workerPersonId: null,
      partyGroupId: null,
    };
    grids.push(g);
    return g;
  };
  const setPoint = (a: AreaRec, p: Pt) => {
    a.lng = p[0];
    a.lat = p[1];
  };
  for (const d of districts) {
    const layout = layoutDistrict(
      r,
      d,
      d.streets.map((s) => ({ code: s.code, communities: s.communities.map((c) => c.code) })),
    );
    for (const other of boxes) {
      if (bboxesOverlap(other.bbox, layout.bbox)) throw new Error(`The grids of ${d.code} and ${other.code} would overlap`);
    }
    boxes.push({ code: d.code, bbox: layout.bbox });
    for (const s of d.streets) {
      const sp = layout.streets.get(s.code);
      if (!sp) continue;
      setPoint(s, sp.centre);
      s.grid = grid("street", s, null, sp.ring, gridName(s.name));
      for (const c of s.communities) {
        const cp = layout.communities.get(c.code)!;
        setPoint(c, cp.centre);
        c.grid = grid("community", c, s.grid.id, cp.ring, gridName(`${c.short}社区`));
        const places = subdivide(r, cp.cells, c.compounds.length);
        for (const [i, k] of c.compounds.entries()) {
          k.place = places[i]!;
          setPoint(k, k.place.centre);
          k.grid = grid("compound", k, c.grid.id, k.place.ring, gridName(k.name));
          for (const b of k.buildings) setPoint(b, bilinear(r.pick(k.place.quads), r.range(0.2, 0.8), r.range(0.2, 0.8)));
        }
        c.lowestGrids = c.compounds.length ? c.compounds.map((k) => k.grid) : [c.grid];
      }
    }
  }
  return grids;
}
