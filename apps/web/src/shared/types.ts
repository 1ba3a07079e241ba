// Types of the API, taken from the contracts package (type-only imports: nothing reaches the bundle).
import type {
  Account,
  Area,
  AreaLevel,
  apiKeySchema,
  auditEntrySchema,
  ErrorCode,
  Locale,
  Me,
  Permission,
  Person,
  Role,
  Scope,
} from "@gongzhi/contracts";

export type { Account, Area, AreaLevel, ErrorCode, Locale, Me, Permission, Person, Role, Scope };
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
