import type {
  AREA_LEVELS,
  COMMUNITY_LOCATIONS,
  COMMUNITY_POPULATIONS,
  COMMUNITY_SERVICE_MODES,
  COMPOUND_CLOSURES,
  COMPOUND_SIZES,
  EDUCATION_LEVELS,
  GRID_LEVELS,
  PARTY_MEMBER_CATEGORIES,
  PARTY_ORG_BASES,
  PARTY_ORG_KINDS,
  PARTY_STATUSES,
  PERSON_ROLES,
  PROPERTY_MANAGEMENT,
  RESIDENT_TYPES,
  SOCIAL_WORK_CREDENTIALS,
  STREET_CATEGORIES,
  STREET_RELATIONS,
  UNIT_KINDS,
  WORKER_POSTS,
} from "@gongzhi/contracts";

/** The Chinese label of each value of an enum, in the enum's order. */
export type Labels<T extends readonly string[]> = Record<T[number], string>;

/** The words the spreadsheets use for the registry's enums (the same as the web console's). */
export const LABELS = {
  areaLevel: {
    province: "省",
    city: "市",
    district: "区/旗/县",
    street: "街道/苏木乡镇",
    community: "社区/嘎查村",
    compound: "小区",
    building: "楼栋",
  } satisfies Labels<typeof AREA_LEVELS>,
  streetCategory: {
    established: "建制街道",
    banner_set: "旗设街道",
    reference: "参照街道",
    central_town: "城关中心镇",
  } satisfies Labels<typeof STREET_CATEGORIES>,
  communityLocation: { urban_core: "城市中心区", urban_fringe: "城乡结合部", town: "镇区" } satisfies Labels<typeof COMMUNITY_LOCATIONS>,
  communityPopulation: { large: "大型社区", medium: "中型社区", small: "小型社区" } satisfies Labels<typeof COMMUNITY_POPULATIONS>,
  communityServiceMode: {
    residential: "居住型",
    mixed: "混合型",
    unit_based: "单位型",
    migrant: "流动人口聚居型",
  } satisfies Labels<typeof COMMUNITY_SERVICE_MODES>,
  compoundSize: { large: "大型小区", medium: "中型小区", small: "小型小区" } satisfies Labels<typeof COMPOUND_SIZES>,
  compoundClosure: { closed: "封闭", semi_closed: "半封闭", open: "开放" } satisfies Labels<typeof COMPOUND_CLOSURES>,
  propertyManagement: { professional: "专业物业", self_managed: "自管", none: "无物业" } satisfies Labels<typeof PROPERTY_MANAGEMENT>,
  gridLevel: { street: "街道网格", community: "社区网格", compound: "小区网格" } satisfies Labels<typeof GRID_LEVELS>,
  partyOrgKind: {
    working_committee: "党工委",
    community_committee: "社区党委",
    general_branch: "党总支",
    compound_branch: "小区党支部",
    building_group: "楼栋党小组",
    joint_committee: "联合党委",
    regional_joint: "区域联合党组织",
    featured_branch: "非建制特色党支部",
    mobile_branch: "流动党支部",
    grid_group: "网格党小组",
    temporary_branch: "临时党支部",
    unit_branch: "单位党组织",
  } satisfies Labels<typeof PARTY_ORG_KINDS>,
  partyOrgBasis: { geographic: "地缘", occupational: "业缘", interest: "趣缘" } satisfies Labels<typeof PARTY_ORG_BASES>,
  unitKind: {
    resident_unit: "驻区单位",
    government: "机关事业单位",
    soe: "国有企业",
    university: "高校",
    private: "非公企业",
    social_org: "社会组织",
    shop: "沿街商铺",
  } satisfies Labels<typeof UNIT_KINDS>,
  streetRelation: { stationed: "驻地单位", paired: "结对联系单位", business: "业务密切关联" } satisfies Labels<typeof STREET_RELATIONS>,
  partyStatus: { own: "单独建立", joint: "联合建立", none: "未建立" } satisfies Labels<typeof PARTY_STATUSES>,
  personRole: {
    party_member: "党员",
    community_worker: "社区工作者",
    grid_worker: "网格员",
    leader: "结对领导",
  } satisfies Labels<typeof PERSON_ROLES>,
  partyMemberCategory: { in_service: "在职党员", retired: "离退休党员", mobile: "流动党员" } satisfies Labels<
    typeof PARTY_MEMBER_CATEGORIES
  >,
  education: {
    junior_high: "初中及以下",
    high_school: "高中",
    vocational: "中专/职高",
    college: "大专",
    bachelor: "本科",
    master: "研究生",
  } satisfies Labels<typeof EDUCATION_LEVELS>,
  credential: {
    none: "无",
    assistant: "助理社会工作师",
    intermediate: "社会工作师",
    senior: "高级社会工作师",
  } satisfies Labels<typeof SOCIAL_WORK_CREDENTIALS>,
  workerPost: {
    secretary: "党组织书记",
    director: "居委会主任",
    deputy: "副书记/副主任",
    member: "委员/专职工作者",
  } satisfies Labels<typeof WORKER_POSTS>,
  gender: { male: "男", female: "女", unknown: "未填写" } satisfies Labels<readonly ["male", "female", "unknown"]>,
  residentType: { registered: "户籍人口", migrant: "流动人口", other: "其他" } satisfies Labels<typeof RESIDENT_TYPES>,
} as const;

/** The label of a value, or the value itself when it has none (or is null: empty). */
export function labelOf(labels: Record<string, string>, value: string | null | undefined): string {
  if (value == null) return "";
  return labels[value] ?? value;
}

/** 是 / 否 for a flag; empty when unset. */
export function yesNo(value: boolean | null | undefined): string {
  return value == null ? "" : value ? "是" : "否";
}
