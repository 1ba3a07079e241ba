import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidIdNumber } from "./api.js";
import { inScope, levelOfCode, parentCode, scopePrefix } from "./areas.js";

const digits = (n: number, min = 0) => fc.integer({ min, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, "0"));
/** A code at a random level: non-zero groups down to the level, zeros below. */
const codeArb = fc
  .tuple(digits(2, 11), digits(2, 1), digits(2, 1), digits(3, 1), digits(3, 1), digits(3, 1), digits(3, 1), fc.integer({ min: 0, max: 6 }))
  .map(([p, c, d, s, v, k, b, depth]) => {
    const parts = [p, c, d, s, v];
    const twelve = parts.map((x, i) => (i <= Math.min(depth, 4) ? x : "0".repeat(x.length))).join("");
    return depth <= 4 ? twelve : depth === 5 ? twelve + k : twelve + k + b;
  });

describe("area codes", () => {
  it("know their level from the code", () => {
    expect(levelOfCode("150000000000")).toBe("province");
    expect(levelOfCode("150600000000")).toBe("city");
    expect(levelOfCode("150603000000")).toBe("district");
    expect(levelOfCode("150603002000")).toBe("street");
    expect(levelOfCode("150603002002")).toBe("community");
    expect(levelOfCode("150603002002001")).toBe("compound");
    expect(levelOfCode("150603002002001001")).toBe("building");
  });

  it("a child's code extends its parent's prefix, one level down", () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        const parent = parentCode(code);
        if (levelOfCode(code) === "province") {
          expect(parent).toBeNull();
        } else {
          expect(parent).not.toBeNull();
          expect(code.startsWith(scopePrefix(parent!))).toBe(true);
          expect(inScope(parent!, code)).toBe(true);
          expect(scopePrefix(parent!).length).toBeLessThan(scopePrefix(code).length);
        }
      }),
    );
  });

  it("scope by prefix: an area contains exactly its descendants", () => {
    fc.assert(
      fc.property(codeArb, codeArb, (a, b) => {
        // b is in a's scope iff a is b or an ancestor of b.
        const ancestors: string[] = [];
        for (let c: string | null = b; c; c = parentCode(c)) ancestors.push(c);
        expect(inScope(a, b)).toBe(ancestors.includes(a));
      }),
    );
  });

  it("a community is not in its sibling's scope even when codes share digits", () => {
    expect(inScope("150603002002", "150603002021")).toBe(false);
    expect(inScope("150603002000", "150603021001")).toBe(false);
    expect(inScope("150603002000", "150603002021")).toBe(true);
  });
});

describe("ID numbers", () => {
  it("accept a valid check character and refuse a wrong one", () => {
    expect(isValidIdNumber("150603198805061232")).toBe(true);
    expect(isValidIdNumber("150603198805061235")).toBe(false);
    expect(isValidIdNumber("15060319900101008X")).toBe(true);
    expect(isValidIdNumber("1506031990010100")).toBe(false);
  });
});
