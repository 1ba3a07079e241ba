/**
 * The published Ordos figures the demo city reproduces (DOMAIN.md §5, seeds 000–002), and the district
 * seats its grids are laid around. Figures given for 236 communities are scaled to the 275 communities
 * of the 2023 division codes.
 */

const SEED_COMMUNITIES = 236;
export const COMMUNITIES = 275;
const scale = (n: number) => Math.round((n * COMMUNITIES) / SEED_COMMUNITIES);

export const CALIBRATION = {
  communities: COMMUNITIES,
  subdistricts: 26,
  /** 1,564 compounds for 236 communities */
  compounds: scale(1564),
  /** 560 compound activity venues for 236 communities */
  compoundVenues: scale(560),
  partyOrgs: 5236,
  units: 8280,
  communityWorkers: 2770,
  /** in-service party members reported to their residential community (双报到, 2018) */
  reportedInService: 21790,
  retiredMembers: 4200,
  mobileMembers: 900,
  demonstrationPoints: 41,
  /** community party secretaries: average age and share with a college degree or above */
  secretaryAge: 36.5,
  secretaryCollegeShare: 0.87,
  /** social-work credentials per community */
  credentialsPerCommunity: 3,
  /** 三有: community venues owned, average venue area */
  venueOwnedShare: 0.91,
  venueAreaMin: 1600,
  fundsMin: 300_000,
  /** party-organisation coverage by unit kind (seed 000: Baotou; seed 001: 1,262 of 9,873 shops) */
  coverage: {
    private: 0.436,
    social_org: 0.732,
    shop: 0.128,
    government: 1,
    soe: 1,
    university: 1,
    resident_unit: 0.9,
  },
  /** units by kind, 8,280 in all; shops the most numerous */
  unitsByKind: {
    resident_unit: 450,
    government: 700,
    soe: 260,
    university: 5,
    private: 1900,
    social_org: 650,
    shop: 4315,
  },
  /** households of residents generated into buildings (the registry's sample of the population) */
  households: 18_800,
  year: 2026,
} as const;

export type UnitKind = keyof typeof CALIBRATION.unitsByKind;

/** Approximate seats of the districts (DOMAIN.md §5); each district's grids are laid around its seat. */
export const DISTRICT_SEATS: Record<string, { seat: string; lat: number; lng: number }> = {
  "150602000000": { seat: "城区", lat: 39.817, lng: 109.963 },
  "150603000000": { seat: "城区", lat: 39.6085, lng: 109.781 },
  "150621000000": { seat: "树林召镇", lat: 40.4, lng: 110.04 },
  "150622000000": { seat: "薛家湾镇", lat: 39.865, lng: 111.24 },
  "150623000000": { seat: "敖勒召其镇", lat: 38.183, lng: 107.477 },
  "150624000000": { seat: "乌兰镇", lat: 39.095, lng: 107.975 },
  "150625000000": { seat: "锡尼镇", lat: 39.833, lng: 108.733 },
  "150626000000": { seat: "嘎鲁图镇", lat: 38.597, lng: 108.842 },
  "150627000000": { seat: "阿勒腾席热镇", lat: 39.565, lng: 109.745 },
};
/** The city government sits in 康巴什; the region's capital is Hohhot. */
export const CITY_POINT = { lat: 39.6085, lng: 109.781 };
export const PROVINCE_POINT = { lat: 40.842, lng: 111.749 };
