// Types of the API, taken from the contracts package (type-only imports: nothing reaches the bundle).
import type {
  Account,
  Area,
  AreaAttrs,
  AreaDetail,
  AreaLevel,
  apiKeySchema,
  auditEntrySchema,
  CommunityResources,
  communityWorkerInfoSchema,
  coverageSchema,
  ErrorCode,
  Grid,
  GridGeometry,
  gridLocateSchema,
  Locale,
  leaderPairingSchema,
  Me,
  PartyOrg,
  Permission,
  Person,
  partyMemberInfoSchema,
  Role,
  Scope,
  Unit,
} from "@gongzhi/contracts";

export type {
  Account,
  Area,
  AreaAttrs,
  AreaDetail,
  AreaLevel,
  CommunityResources,
  ErrorCode,
  Grid,
  GridGeometry,
  Locale,
  Me,
  PartyOrg,
  Permission,
  Person,
  Role,
  Scope,
  Unit,
};
export type ApiKey = (typeof apiKeySchema)["_output"];
export type AuditEntry = (typeof auditEntrySchema)["_output"];

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Gender = Person["gender"];
export type GridLevel = Grid["level"];
export type GridLocation = (typeof gridLocateSchema)["_output"];
export type Coverage = (typeof coverageSchema)["_output"];
export type CoverageRow = Coverage["rows"][number];
export type PartyMemberInfo = (typeof partyMemberInfoSchema)["_output"];
export type CommunityWorkerInfo = (typeof communityWorkerInfoSchema)["_output"];
export type LeaderPairing = (typeof leaderPairingSchema)["_output"];
export type PersonRole = NonNullable<Person["roles"]>[number];
