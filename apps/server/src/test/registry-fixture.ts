import type { GridGeometry, Role } from "@gongzhi/contracts";
import type { App } from "../app.js";
import type { Queryable } from "../db/client.js";
import { buildGrid } from "../modules/grids/grids.factories.js";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "./factories.js";
import { type Agent, loginAs } from "./harness.js";

/**
 * The piece of 康巴什区 the registry tests share: a street with two communities, a compound in each and a
 * building in one of them, and another street with one community.
 */
export const CITY = "150600000000";
export const DISTRICT = "150603000000";
export const STREET = "150603002000";
/** The community of the `worker` account. */
export const COMMUNITY = "150603002002";
/** The street's other community. */
export const OTHER = "150603002001";
export const COMPOUND = "150603002002001";
export const BUILDING = "150603002002001001";
export const OTHER_COMPOUND = "150603002001001";
export const STREET2 = "150603001000";
/** The community of the other street. */
export const FAR = "150603001001";

const TREE = [DISTRICT, STREET, COMMUNITY, OTHER, COMPOUND, BUILDING, OTHER_COMPOUND, STREET2, FAR];

/** The names the Excel and grid tests give the tree: 康和社区 (OTHER) and 康城社区 (COMMUNITY) of 滨河街道. */
export const KANGHE_NAMES: Record<string, string> = {
  [DISTRICT]: "康巴什区",
  [STREET]: "滨河街道",
  [OTHER]: "康和社区",
  [COMMUNITY]: "康城社区",
  [OTHER_COMPOUND]: "康和小区",
  [STREET2]: "青春山街道",
  [FAR]: "远方社区",
};

/** The accounts of the registry tests, by username. */
export const REGISTRY_ACCOUNTS = {
  street: { roles: ["street_staff"], areaCode: STREET },
  worker: { roles: ["community_staff"], areaCode: COMMUNITY },
  neighbour: { roles: ["community_staff"], areaCode: OTHER },
  grid: { roles: ["grid_worker"], areaCode: COMMUNITY },
  leader: { roles: ["leader"], areaCode: CITY },
  "worker-a": { roles: ["community_staff"], areaCode: OTHER },
  "worker-b": { roles: ["community_staff"], areaCode: COMMUNITY },
} satisfies Record<string, { roles: Role[]; areaCode: string }>;

export type RegistryAccount = keyof typeof REGISTRY_ACCOUNTS;

/** Builds the city, the tree (each area named by `names`, or `区域<code>`) and the accounts asked for. */
export async function buildRegistryFixture(
  q: Queryable,
  o: { names?: Record<string, string>; accounts?: RegistryAccount[] } = {},
): Promise<void> {
  await buildCity(q);
  await buildAreas(
    q,
    TREE.map((code) => ({ code, name: o.names?.[code] })),
  );
  for (const username of o.accounts ?? []) {
    await buildAccount(q, { username, ...REGISTRY_ACCOUNTS[username] });
  }
}

/** The boundary of the community's grid G-1. */
const G1: GridGeometry = {
  type: "Polygon",
  coordinates: [
    [
      [109.78, 39.6],
      [109.79, 39.6],
      [109.79, 39.61],
      [109.78, 39.6],
    ],
  ],
};

/** The community's grid G-1 (一网格), with its grid worker if given; returns its id. */
export function buildCommunityGrid(q: Queryable, workerPersonId: string | null = null): Promise<string> {
  return buildGrid(q, { code: "G-1", name: "一网格", areaCode: COMMUNITY, geometry: G1, workerPersonId });
}

/** Logs each account in with the test password, in order. */
export async function loginAll<U extends string>(app: App, ...usernames: U[]): Promise<Record<U, Agent>> {
  const agents = {} as Record<U, Agent>;
  for (const username of usernames) agents[username] = await loginAs(app, username, TEST_PASSWORD);
  return agents;
}
