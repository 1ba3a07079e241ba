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
  return { next, int, pick };
}
export type Random = ReturnType<typeof createRandom>;

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN =
  "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅玉兰晓东文博宇航子涵浩然欣怡雨桐思远嘉怡俊杰婷婷巴特尔乌云其木格那仁满都拉萨日娜苏日娜额尔敦";
const GIVEN_WORDS = ["巴特尔", "乌云", "其木格", "那仁", "满都拉", "萨日娜", "苏日娜", "额尔敦", "宝音", "图雅"];

/** A plausible Chinese personal name (with a share of Mongolian given names, as in Ordos). */
export function personName(r: Random): string {
  if (r.next() < 0.08) return r.pick(GIVEN_WORDS) + (r.next() < 0.5 ? r.pick(GIVEN_WORDS) : "");
  const len = r.next() < 0.6 ? 2 : 1;
  let given = "";
  for (let i = 0; i < len; i++) given += GIVEN[r.int(0, GIVEN.length - 1)];
  return r.pick([...SURNAMES]) + given;
}

/** A checksum-valid resident ID number for someone born in the given year, registered in `region` (6 digits). */
export function idNumber(r: Random, region: string, year: number): string {
  const body = `${region}${year}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}${String(r.int(0, 999)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] as number);
  return body + "10X98765432"[sum % 11];
}

/** A mobile number with a real mainland prefix. */
export function mobile(r: Random): string {
  return `${r.pick(["138", "139", "150", "151", "158", "187", "188", "135", "136", "177", "181", "199"])}${String(r.int(0, 99_999_999)).padStart(8, "0")}`;
}
