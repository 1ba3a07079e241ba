import type { AreaAttrs, AreaLevel, ErrorCode } from "@gongzhi/contracts";

/** The levels of area each classification applies to (seed 002). */
export const ATTR_LEVELS: Record<keyof Required<AreaAttrs>, readonly AreaLevel[]> = {
  streetCategory: ["street"],
  communityLocation: ["community"],
  communityPopulation: ["community"],
  communityServiceMode: ["community"],
  compoundSize: ["compound"],
  compoundClosure: ["compound"],
  propertyManagement: ["compound"],
  hasActivityVenue: ["compound"],
  households: ["compound", "building"],
  residents: ["compound", "building"],
  demonstration: ["street", "community", "compound"],
  demonstrationFunding: ["street", "community", "compound"],
};

/** The first classification that does not fit an area of this level, or null when all fit. */
export function attrsViolation(level: AreaLevel, attrs: AreaAttrs): { code: ErrorCode; field: string } | null {
  for (const key of Object.keys(attrs) as (keyof AreaAttrs)[]) {
    if (attrs[key] === undefined) continue;
    if (!ATTR_LEVELS[key]?.includes(level)) return { code: "domain.attr_not_for_level", field: `attrs.${key}` };
  }
  if (attrs.demonstrationFunding !== undefined && attrs.demonstrationFunding > 0 && attrs.demonstration !== true) {
    return { code: "domain.demonstration_funding", field: "attrs.demonstrationFunding" };
  }
  return null;
}
