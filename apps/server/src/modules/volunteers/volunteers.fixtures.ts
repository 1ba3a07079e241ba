import type { Role } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import { buildAccount, buildAreas, buildCity, buildPartyOrg, buildPerson, buildUnit } from "../../test/factories.js";

/**
 * A small piece of 康巴什区 for the party member and volunteer tests: two communities of one street (A, B) and a
 * community of another street (far); a branch in A; members of each category; a resident in need; the staff of
 * each community; accounts linked to their people.
 */
export const V = {
  district: "150603000000",
  street: "150603002000",
  a: "150603002001",
  b: "150603002002",
  farStreet: "150603003000",
  far: "150603003001",
} as const;

/** A valid mainland ID number for a birth date and sequence (check character computed). */
export function idNumber(base17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(base17[i]) * weights[i]!;
  return base17 + "10X98765432"[sum % 11];
}

export interface VolunteerWorld {
  branch: string;
  farBranch: string;
  unit: string;
  people: Record<"inService" | "retired" | "mobile" | "farMember" | "wisher" | "elder" | "plain", string>;
  accounts: Record<string, string>;
}

async function link(q: Queryable, accountId: string, personId: string) {
  await q.query("INSERT INTO account_people (account_id, person_id) VALUES ($1, $2)", [accountId, personId]);
}

export async function buildVolunteerWorld(deps: Deps): Promise<VolunteerWorld> {
  const { db } = deps;
  await buildCity(db);
  await buildAreas(db, [
    { code: V.district, name: "康巴什区" },
    { code: V.street, name: "青春山街道" },
    { code: V.a, name: "青春山社区" },
    { code: V.b, name: "滨河社区" },
    { code: V.farStreet, name: "哈巴格希街道" },
    { code: V.far, name: "哈巴格希社区" },
  ]);
  const branch = await buildPartyOrg(db, { name: "青春山社区第一党支部", kind: "general_branch", areaCode: V.a });
  const farBranch = await buildPartyOrg(db, { name: "哈巴格希社区党支部", kind: "general_branch", areaCode: V.far });
  const unit = await buildUnit(db, { name: "康巴什供电公司", areaCode: V.a, kind: "soe" });
  const person = (name: string, areaCode: string, extra: { idNumber?: string; phone?: string; address?: string } = {}) =>
    buildPerson(deps, { name, areaCode, ...extra });
  const people = {
    inService: await person("孙志强", V.a, { phone: "13900001111", idNumber: idNumber("15060319850101123") }),
    retired: await person("李秀英", V.a),
    mobile: await person("王浩然", V.b),
    farMember: await person("赵远方", V.far),
    wisher: await person("吴桂英", V.a, {
      phone: "13812345678",
      idNumber: idNumber("15060319400302004"),
      address: "青春山小区3号楼2单元501",
    }),
    elder: await person("钱老汉", V.a),
    plain: await person("周婷婷", V.a),
  };
  const member = (id: string, category: string, branchId: string) =>
    db.query("INSERT INTO party_members (person_id, category, branch_id, work_unit_id) VALUES ($1, $2, $3, $4)", [
      id,
      category,
      branchId,
      unit,
    ]);
  await member(people.inService, "in_service", branch);
  await member(people.retired, "retired", branch);
  await member(people.mobile, "mobile", branch);
  await member(people.farMember, "in_service", farBranch);

  const acc = async (username: string, roles: Role[], o: { areaCode?: string; unitId?: string; person?: string } = {}) => {
    const id = await buildAccount(db, { username, roles, areaCode: o.areaCode ?? null, unitId: o.unitId ?? null });
    if (o.person) await link(db, id, o.person);
    return id;
  };
  const accounts = {
    staffA: await acc("staffA", ["community_staff"], { areaCode: V.a }),
    staffB: await acc("staffB", ["community_staff"], { areaCode: V.b }),
    street: await acc("street", ["street_staff"], { areaCode: V.street }),
    farStaff: await acc("farStaff", ["community_staff"], { areaCode: V.far }),
    member: await acc("member", ["party_member"], { person: people.inService }),
    retired: await acc("retired", ["party_member"], { person: people.retired }),
    mobile: await acc("mobile", ["party_member"], { person: people.mobile }),
    farMember: await acc("farMember", ["party_member"], { person: people.farMember }),
    wisher: await acc("wisher", ["resident"], { person: people.wisher }),
    volunteer: await acc("volunteer", ["volunteer"], { person: people.plain }),
    unitRep: await acc("unitRep", ["unit_rep"], { unitId: unit }),
    nobody: await acc("nobody", ["party_member"]),
  };
  return { branch, farBranch, unit, people, accounts };
}
