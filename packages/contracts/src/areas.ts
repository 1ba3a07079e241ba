import { z } from "zod";

/**
 * Area levels and how many leading digits of the code are significant at each.
 * Statistical division codes are 12 digits (2 province + 2 city + 2 county + 3 township + 3 village);
 * compounds extend a community code by 3 digits and buildings extend a compound by 3 more.
 */
export const AREA_LEVELS = ["province", "city", "district", "street", "community", "compound", "building"] as const;
export const areaLevelSchema = z.enum(AREA_LEVELS);
export type AreaLevel = z.infer<typeof areaLevelSchema>;

export const LEVEL_DIGITS: Record<AreaLevel, number> = {
  province: 2,
  city: 4,
  district: 6,
  street: 9,
  community: 12,
  compound: 15,
  building: 18,
};

export const areaCodeSchema = z.string().regex(/^\d{12}(\d{3}){0,2}$/, "invalid_area_code");

/** The level an area code denotes: trailing zero groups of the 12-digit part mark the higher levels. */
export function levelOfCode(code: string): AreaLevel {
  if (code.length === 18) return "building";
  if (code.length === 15) return "compound";
  if (code.slice(9, 12) !== "000") return "community";
  if (code.slice(6, 9) !== "000") return "street";
  if (code.slice(4, 6) !== "00") return "district";
  if (code.slice(2, 4) !== "00") return "city";
  return "province";
}

/** The significant prefix of an area code: every object inside the area has a code starting with it. */
export function scopePrefix(code: string): string {
  return code.slice(0, LEVEL_DIGITS[levelOfCode(code)]);
}

/** Whether `code` lies inside (or is) the area `scopeCode`. */
export function inScope(scopeCode: string, code: string): boolean {
  return code.startsWith(scopePrefix(scopeCode));
}

/** The code of the parent area, or null for a province. */
export function parentCode(code: string): string | null {
  const level = levelOfCode(code);
  if (level === "building" || level === "compound") return code.slice(0, code.length - 3);
  const idx = AREA_LEVELS.indexOf(level);
  if (idx === 0) return null;
  const parentLevel = AREA_LEVELS[idx - 1] as AreaLevel;
  return code.slice(0, LEVEL_DIGITS[parentLevel]).padEnd(12, "0");
}
