import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { levelOfCode, parentCode, type Role, scopePrefix } from "@gongzhi/contracts";
import type { Db, Queryable } from "../db/client.js";
import type { Deps } from "../platform/context.js";
import { hashPassword } from "../platform/passwords.js";
import { createRandom, idNumber, mobile, personName } from "./random.js";

interface Division {
  code: string;
  name: string;
  parent?: string;
  kind?: "community" | "village";
}
interface Divisions {
  source: string;
  city: Division;
  districts: Division[];
  streets: Division[];
  communities: Division[];
}

const DATA = join(dirname(fileURLToPath(import.meta.url)), "data", "ordos-divisions.json");

/** The Ordos subset of the 2023 statistical division codes (see data/README.md for the source). */
export function loadOrdos(): Divisions {
  return JSON.parse(readFileSync(DATA, "utf8")) as Divisions;
}

/** The demo accounts: one per role, bound to real places of the demo city. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; roles: Role[]; area?: string; department?: string; unit?: string }[] =
  [
    { username: "demo-admin", displayName: "系统管理员", roles: ["admin"], area: "150600000000" },
    { username: "demo-leader", displayName: "市委社会工作部 王建华", roles: ["leader"], area: "150600000000" },
    { username: "demo-street", displayName: "青春山街道 李海燕", roles: ["street_staff"], area: "150603002000" },
    { username: "demo-community", displayName: "神华康城社区 张晓东", roles: ["community_staff"], area: "150603002002" },
    { username: "demo-grid", displayName: "网格员 赵玉兰", roles: ["grid_worker"], area: "150603002002" },
    {
      username: "demo-department",
      displayName: "康巴什区城市管理综合执法局 刘刚",
      roles: ["department"],
      department: "康巴什区城市管理综合执法局",
    },
    { username: "demo-unit", displayName: "国网康巴什供电分公司 陈磊", roles: ["unit_rep"], unit: "国网鄂尔多斯市康巴什供电分公司" },
    { username: "demo-party", displayName: "党员 孙志强", roles: ["party_member"] },
    { username: "demo-volunteer", displayName: "志愿者 周婷婷", roles: ["volunteer"] },
    { username: "demo-resident", displayName: "居民 吴桂英", roles: ["resident"] },
  ];

/** Whether the database holds no areas yet (a first start). */
export async function isEmpty(db: Queryable): Promise<boolean> {
  return !(await db.query("SELECT 1 FROM areas LIMIT 1")).rows.length;
}

/** Inserts areas in bulk: one statement for many rows. */
async function insertAreas(q: Queryable, areas: { code: string; name: string }[]): Promise<void> {
  const rows = areas.map((a) => [a.code, a.name, levelOfCode(a.code), parentCode(a.code), scopePrefix(a.code)]);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await q.query(
      `INSERT INTO areas (code, name, level, parent_code, prefix)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [0, 1, 2, 3, 4].map((k) => chunk.map((r) => r[k])),
    );
  }
}

/**
 * Builds the demo city: the Ordos area tree from the 2023 codes, departments and a unit, one account per
 * role, and residents of two communities. Deterministic for a given seed.
 */
export async function seedDemo(deps: Deps, seed = 2026): Promise<{ areas: number; people: number; accounts: number }> {
  const { db, config } = deps;
  const ordos = loadOrdos();
  const r = createRandom(seed);
  const areas = [
    { code: "150000000000", name: "内蒙古自治区" },
    ordos.city,
    ...ordos.districts,
    ...ordos.streets,
    ...ordos.communities.filter((c) => c.kind === "community"),
  ];
  const password = await hashPassword(config.demoPassword);
  return db.tx(async (q) => {
    await insertAreas(q, areas);
    const deptIds = new Map<string, string>();
    for (const d of ordos.districts) {
      const short = d.name;
      for (const name of [`${short}城市管理综合执法局`, `${short}民政局`, `${short}住房和城乡建设局`, `${short}卫生健康委员会`]) {
        const { rows } = await q.query<{ id: string }>("INSERT INTO departments (name, area_code) VALUES ($1, $2) RETURNING id", [
          name,
          d.code,
        ]);
        deptIds.set(name, rows[0]!.id);
      }
    }
    const unit = await q.query<{ id: string }>("INSERT INTO units (name, area_code) VALUES ($1, $2) RETURNING id", [
      "国网鄂尔多斯市康巴什供电分公司",
      "150603002002",
    ]);
    for (const a of DEMO_ACCOUNTS) {
      await q.query(
        `INSERT INTO accounts (username, display_name, password_hash, roles, area_code, department_id, unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          a.username,
          a.displayName,
          password,
          a.roles,
          a.area ?? null,
          a.department ? deptIds.get(a.department) : null,
          a.unit ? unit.rows[0]!.id : null,
        ],
      );
    }
    const people = await seedResidents(q, deps, r, ["150603002002", "150603002001"], 120);
    return { areas: areas.length, people, accounts: DEMO_ACCOUNTS.length };
  });
}

async function seedResidents(
  q: Queryable,
  deps: Deps,
  r: ReturnType<typeof createRandom>,
  communities: string[],
  each: number,
): Promise<number> {
  const cols: unknown[][] = [[], [], [], [], [], [], [], []];
  const streets = ["康和路", "青春山路", "天骄路", "文化路", "北区五路"];
  for (const c of communities) {
    for (let i = 0; i < each; i++) {
      const id = idNumber(r, "150603", r.int(1940, 2005));
      const phone = mobile(r);
      const address = `鄂尔多斯市康巴什区${r.pick(streets)}${r.int(1, 99)}号${r.int(1, 30)}号楼${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}室`;
      const gender = Number(id[16]) % 2 === 1 ? "male" : "female";
      const vals = [
        personName(r),
        gender,
        c,
        deps.vault.encrypt(id),
        deps.vault.hash(id),
        deps.vault.encrypt(phone),
        deps.vault.hash(phone),
        deps.vault.encrypt(address),
      ];
      for (const [k, v] of vals.entries()) cols[k]!.push(v);
    }
  }
  await q.query(
    `INSERT INTO people (name, gender, area_code, id_number_enc, id_number_hash, phone_enc, phone_hash, address_enc)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT DO NOTHING`,
    cols,
  );
  return communities.length * each;
}

/** Seeds the demo city unless the database already holds data. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (!(await isEmpty(deps.db as Db))) return false;
  await seedDemo(deps);
  return true;
}
