import { randomUUID } from "node:crypto";
import type { Queryable } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import { buildAccount, buildAreas, buildCity } from "../../test/factories.js";
import { buildGrid, rectangle } from "../grids/grids.factories.js";
import { ensureReferenceData } from "./categories.seed.js";

/**
 * A small piece of 康巴什区 for the intake, analysis and ledger tests: one street with two communities (青春山
 * and 滨河), another street with one community, a grid per community, and the staff of each.
 */

export const DISTRICT = "150603000000";
export const STREET = "150603002000";
export const COMMUNITY = "150603002001";
export const NEIGHBOUR = "150603002002";
export const OTHER_STREET = "150603003000";
export const FAR = "150603003001";

/** Points inside each community's grid. */
export const POINT = { lat: 39.605, lng: 109.775 };
export const NEIGHBOUR_POINT = { lat: 39.605, lng: 109.785 };
export const FAR_POINT = { lat: 39.605, lng: 109.795 };
export const NOWHERE = { lat: 10, lng: 10 };

export interface CaseWorld {
  grids: { community: string; neighbour: string; far: string };
  accounts: Record<"staff" | "neighbourStaff" | "streetStaff" | "farStaff" | "gridWorker" | "resident" | "admin" | "leader", string>;
  departmentId: string;
  unitId: string;
}

/** Builds the world: reference data, areas, grids, a department, a unit and accounts (username = key). */
export async function buildCaseWorld(deps: Deps): Promise<CaseWorld> {
  const { db } = deps;
  await ensureReferenceData(deps);
  await buildCity(db);
  await buildAreas(db, [
    { code: DISTRICT, name: "康巴什区" },
    { code: STREET, name: "青春山街道" },
    { code: COMMUNITY, name: "青春山社区" },
    { code: NEIGHBOUR, name: "滨河社区" },
    { code: OTHER_STREET, name: "哈巴格希街道" },
    { code: FAR, name: "哈巴格希社区" },
  ]);
  const grids = {
    community: await buildGrid(db, {
      code: "KBS-QCS-01",
      name: "青春山一网格",
      areaCode: COMMUNITY,
      geometry: rectangle(109.77, 39.6, 109.78, 39.61),
    }),
    neighbour: await buildGrid(db, {
      code: "KBS-BH-01",
      name: "滨河一网格",
      areaCode: NEIGHBOUR,
      geometry: rectangle(109.78, 39.6, 109.79, 39.61),
    }),
    far: await buildGrid(db, { code: "KBS-HB-01", name: "哈巴格希一网格", areaCode: FAR, geometry: rectangle(109.79, 39.6, 109.8, 39.61) }),
  };
  const departmentId = await insertId(
    db,
    "INSERT INTO departments (name, area_code) VALUES ('康巴什区城市管理综合执法局', $1) RETURNING id",
    [DISTRICT],
  );
  const unitId = await insertId(
    db,
    "INSERT INTO units (name, kind, area_code, party_status) VALUES ('青春山物业公司', 'private', $1, 'none') RETURNING id",
    [COMMUNITY],
  );
  const accounts = {
    staff: await buildAccount(db, { username: "staff", displayName: "王社工", roles: ["community_staff"], areaCode: COMMUNITY }),
    neighbourStaff: await buildAccount(db, { username: "neighbourStaff", roles: ["community_staff"], areaCode: NEIGHBOUR }),
    streetStaff: await buildAccount(db, { username: "streetStaff", roles: ["street_staff"], areaCode: STREET }),
    farStaff: await buildAccount(db, { username: "farStaff", roles: ["community_staff"], areaCode: FAR }),
    gridWorker: await buildAccount(db, { username: "gridWorker", displayName: "李网格", roles: ["grid_worker"], areaCode: COMMUNITY }),
    resident: await buildAccount(db, { username: "resident", roles: ["resident"] }),
    admin: await buildAccount(db, { username: "admin", roles: ["admin"], areaCode: "150600000000" }),
    leader: await buildAccount(db, { username: "leader", roles: ["leader"], areaCode: DISTRICT }),
  };
  return { grids, accounts, departmentId, unitId };
}

async function insertId(q: Queryable, sql: string, params: unknown[]): Promise<string> {
  return (await q.query<{ id: string }>(sql, params)).rows[0]!.id;
}

/** A fresh idempotency key. */
export const key = () => `k-${randomUUID()}`;

/** The smallest valid images of each type we accept, as bytes. */
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0d3d6a50000000049454e44ae426082",
  "hex",
);
export const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");
export const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([26, 0, 0, 0]), Buffer.from("WEBPVP8 "), Buffer.alloc(14)]);
export const dataUrl = (mime: string, b: Buffer) => `data:${mime};base64,${b.toString("base64")}`;
