// Area code arithmetic on statistical division codes; mirrors packages/contracts/src/areas.ts.
import { AREA_LEVELS } from "./domain";
import type { AreaLevel } from "./types";

const LEVEL_DIGITS: Record<AreaLevel, number> = {
  province: 2,
  city: 4,
  district: 6,
  street: 9,
  community: 12,
  compound: 15,
  building: 18,
};

/** The level an area code denotes. */
export function levelOfCode(code: string): AreaLevel {
  if (code.length === 18) return "building";
  if (code.length === 15) return "compound";
  if (code.slice(9, 12) !== "000") return "community";
  if (code.slice(6, 9) !== "000") return "street";
  if (code.slice(4, 6) !== "00") return "district";
  if (code.slice(2, 4) !== "00") return "city";
  return "province";
}

/** The code of the parent area, or null for a province. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === "building" || level === "compound") return code.slice(0, code.length - 3);
  const idx = AREA_LEVELS.indexOf(level);
  if (idx <= 0) return null;
  const parentLevel = AREA_LEVELS[idx - 1] as AreaLevel;
  return code.slice(0, LEVEL_DIGITS[parentLevel]).padEnd(12, "0");
}

/** Whether `code` lies inside (or is) the area `scopeCode`. */
export function inScope(scopeCode: string, code: string): boolean {
  return code.startsWith(scopeCode.slice(0, LEVEL_DIGITS[levelOfCode(scopeCode)]));
}

/** The chain of codes from `rootCode` down to `code` (both included); just [code] if it is outside the root. */
export function pathFrom(rootCode: string, code: string): string[] {
  if (!inScope(rootCode, code)) return [code];
  const chain: string[] = [];
  let current: string | null = code;
  while (current && current !== rootCode && inScope(rootCode, current)) {
    chain.unshift(current);
    current = parentCodeOf(current);
  }
  chain.unshift(rootCode);
  return chain;
}
