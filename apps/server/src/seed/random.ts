/** A small deterministic random generator (mulberry32), so the demo city is the same from the same seed. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  /** true with probability p */
  const chance = (p: number) => next() < p;
  /** a number in [min, max) */
  const range = (min: number, max: number) => min + next() * (max - min);
  /** an approximately normal number (sum of uniforms) */
  const normal = (mean: number, sd: number) => mean + sd * (next() + next() + next() + next() + next() + next() - 3) * Math.SQRT2;
  /** one of `items`, chosen with the given relative weights */
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    let total = 0;
    for (const w of weights) total += w;
    let x = next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  };
  /** a picker over fixed items and weights: O(log n) a draw */
  const picker = <T>(items: readonly T[], weights: readonly number[]): (() => T) => {
    const cum: number[] = [];
    let total = 0;
    for (const w of weights) {
      total += w;
      cum.push(total);
    }
    return () => {
      const x = next() * total;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cum[mid] as number) > x) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    };
  };
  /** shuffles in place (Fisher–Yates) and returns the array */
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  };
  return { next, int, pick, chance, range, normal, weighted, picker, shuffle };
}
export type Random = ReturnType<typeof createRandom>;

/** An independent generator for one part of the city, so each part stays the same when another changes. */
export function forkRandom(seed: number, label: string): Random {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x85ebca6b;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return createRandom(h >>> 0);
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), each at least `min`
 * when the total allows it.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (!n) return [];
  const floor = Math.min(min, Math.floor(total / n));
  const rest = total - floor * n;
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const exact = weights.map((w) => (w / sum) * rest);
  const parts = exact.map((x) => Math.floor(x));
  let left = rest - parts.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) {
    const i = order[k]![1];
    parts[i] = parts[i]! + 1;
  }
  return parts.map((x) => x + floor);
}

const SURNAMES = [
  ..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文奇乌包鲍云",
];
// The commonest surnames appear more often, roughly as in northern China.
const COMMON_SURNAMES = [..."王李张刘陈杨赵高郭马"];
/** Given names by generation: born before 1970, 1970–1989, from 1990. */
const GIVEN: Record<Gender, [string[], string[], string[]]> = {
  male: [
    [
      "建国",
      "建华",
      "国强",
      "国庆",
      "志刚",
      "建军",
      "卫东",
      "振华",
      "德胜",
      "学军",
      "永红",
      "福生",
      "明",
      "军",
      "平",
      "林",
      "成",
      "忠",
      "德明",
      "玉林",
      "文华",
      "树林",
      "宝山",
      "金山",
      "保国",
      "海",
      "俊",
      "长青",
    ],
    [
      "伟",
      "磊",
      "勇",
      "军",
      "涛",
      "强",
      "斌",
      "鹏",
      "海涛",
      "志强",
      "晓东",
      "建平",
      "永刚",
      "俊杰",
      "海峰",
      "立新",
      "小龙",
      "刚",
      "辉",
      "亮",
      "超",
      "健",
      "峰",
      "东",
      "鑫",
      "波",
      "飞",
      "宏伟",
      "文博",
      "建伟",
    ],
    [
      "浩然",
      "子豪",
      "宇航",
      "梓轩",
      "宇轩",
      "浩宇",
      "俊熙",
      "子墨",
      "一鸣",
      "嘉豪",
      "思远",
      "博文",
      "天佑",
      "子轩",
      "睿",
      "晨",
      "皓",
      "铭",
      "泽宇",
      "浩",
      "子涵",
      "奕辰",
      "旭",
      "昊天",
      "明轩",
    ],
  ],
  female: [
    [
      "秀英",
      "桂英",
      "玉兰",
      "淑珍",
      "凤英",
      "秀兰",
      "桂兰",
      "玉珍",
      "素芬",
      "翠花",
      "淑华",
      "秀珍",
      "兰英",
      "春花",
      "桂珍",
      "凤兰",
      "玉梅",
      "丽华",
      "淑英",
      "秀梅",
      "美兰",
      "桂芳",
      "玉华",
      "金花",
    ],
    [
      "丽",
      "静",
      "敏",
      "艳",
      "娟",
      "霞",
      "燕",
      "海燕",
      "丽娟",
      "红梅",
      "晓梅",
      "丽娜",
      "春燕",
      "小红",
      "雪梅",
      "芳",
      "娜",
      "玲",
      "萍",
      "慧",
      "婷婷",
      "晓燕",
      "丽萍",
      "俊梅",
      "艳红",
      "秀丽",
      "莉",
      "晶",
    ],
    [
      "欣怡",
      "雨桐",
      "子涵",
      "梓涵",
      "思琪",
      "嘉怡",
      "一诺",
      "诗涵",
      "佳怡",
      "可欣",
      "雨欣",
      "梦瑶",
      "紫涵",
      "婉清",
      "语嫣",
      "晓雪",
      "悦",
      "琳",
      "婷",
      "佳琪",
      "若曦",
      "心怡",
      "雅琪",
      "馨予",
      "安琪",
    ],
  ],
};
const MONGOLIAN_MALE = [
  "巴特尔",
  "额尔敦",
  "宝音",
  "满都拉",
  "那仁",
  "朝鲁",
  "苏和",
  "巴雅尔",
  "布仁",
  "孟和",
  "乌力吉",
  "达来",
  "斯琴",
  "阿拉腾",
];
const MONGOLIAN_FEMALE = [
  "乌云",
  "其木格",
  "萨日娜",
  "苏日娜",
  "图雅",
  "娜仁",
  "高娃",
  "斯琴",
  "琪琪格",
  "塔娜",
  "萨仁",
  "乌兰",
  "托娅",
  "格日勒",
];

export type Gender = "male" | "female";

/** A Chinese surname. */
export function surname(r: Random): string {
  return r.chance(0.3) ? r.pick(COMMON_SURNAMES) : r.pick(SURNAMES);
}

/** A Chinese given name fitting the gender and, when given, the generation of the birth year. */
export function givenName(r: Random, gender: Gender, birthYear?: number): string {
  const era = birthYear === undefined ? r.int(0, 2) : birthYear < 1970 ? 0 : birthYear < 1990 ? 1 : 2;
  return r.pick(GIVEN[gender][era] as string[]);
}

/** A Mongolian personal name, used without a surname as is common in Ordos. */
export function mongolianName(r: Random, gender: Gender): string {
  const pool = gender === "male" ? MONGOLIAN_MALE : MONGOLIAN_FEMALE;
  const first = r.pick(pool);
  return r.chance(0.25) ? first + r.pick(pool.filter((x) => x !== first)) : first;
}

/** A plausible personal name (with a share of Mongolian names, as in Ordos). */
export function personName(r: Random, gender: Gender = r.chance(0.5) ? "male" : "female", birthYear?: number): string {
  if (r.chance(0.08)) return mongolianName(r, gender);
  return surname(r) + givenName(r, gender, birthYear);
}

/**
 * A checksum-valid resident ID number for someone born in the given year, registered in `region`
 * (6 digits); the sequence digit carries the gender when given (odd for men).
 */
export function idNumber(r: Random, region: string, year: number, gender?: Gender): string {
  let seq = r.int(0, 999);
  if (gender) seq = (seq & ~1) | (gender === "male" ? 1 : 0);
  const body = `${region}${year}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] as number);
  return body + "10X98765432"[sum % 11];
}

/** A mobile number with a real mainland prefix. */
export function mobile(r: Random): string {
  return `${r.pick(["138", "139", "150", "151", "158", "187", "188", "135", "136", "177", "181", "199", "147", "155", "157", "183", "185", "186", "130", "131", "132", "133", "153", "180", "189"])}${String(r.int(0, 99_999_999)).padStart(8, "0")}`;
}

const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/**
 * A unified social credit code (GB 32100-2015) with valid check characters: registering authority and
 * kind (e.g. "91" an enterprise, "92" a sole trader, "11" a government organ, "12" a public institution,
 * "51"/"52" social organisations), the 6-digit region, a 9-character organisation code (GB 11714) and
 * the check character.
 */
export function creditCode(r: Random, authorityKind: string, region: string): string {
  let org = "";
  for (let i = 0; i < 8; i++) org += String(r.int(0, 9));
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(org[i]) * (ow[i] as number);
  const c9 = 11 - (s % 11);
  org += c9 === 10 ? "X" : c9 === 11 ? "0" : String(c9);
  const body = authorityKind + region + org;
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_CHARS.indexOf(body[i] as string) * w;
    w = (w * 3) % 31;
  }
  const check = (31 - (sum % 31)) % 31;
  return body + CREDIT_CHARS[check];
}
