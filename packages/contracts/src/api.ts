import { z } from "zod";
import { areaCodeSchema, areaLevelSchema } from "./areas.js";
import { communityWorkerInfoSchema, leaderPairingSchema, PERSON_ROLES, partyMemberInfoSchema } from "./registry.js";
import { PERMISSIONS, roleSchema } from "./roles.js";

/** How a person lives in the area: 户籍 (registered), 外来 (migrant) or other. */
export const RESIDENT_TYPES = ["registered", "migrant", "other"] as const;

/** Mainland resident ID: 17 digits and a check character (ISO 7064 MOD 11-2). */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = "10X98765432";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (weights[i] as number);
  return checks[sum % 11] === value[17];
}

export const idNumberSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isValidIdNumber, "invalid_id_number");
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "invalid_phone");

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A page of a list. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const errorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const passwordChangeBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const scopeSchema = z.object({
  kind: z.enum(["area", "department", "unit", "self"]),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  departmentId: z.string().nullable(),
  unitId: z.string().nullable(),
  label: z.string(),
});
export type Scope = z.infer<typeof scopeSchema>;

export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  scope: scopeSchema,
  csrfToken: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  departmentId: z.string().nullable(),
  unitId: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
  createdAt: z.string(),
  abilities: z.object({ update: z.boolean(), resetPassword: z.boolean(), disable: z.boolean() }),
});
export type Account = z.infer<typeof accountSchema>;

export const accountCreateSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,64}$/),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  roles: z.array(roleSchema).min(1),
  areaCode: areaCodeSchema.nullable().optional(),
  departmentId: z.string().uuid().nullable().optional(),
  unitId: z.string().uuid().nullable().optional(),
});
export const accountUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1).max(64),
    roles: z.array(roleSchema).min(1),
    areaCode: areaCodeSchema.nullable(),
    departmentId: z.string().uuid().nullable(),
    unitId: z.string().uuid().nullable(),
    status: z.enum(["active", "disabled"]),
  })
  .partial();

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** what the client sent, within the reader's scope: its cases, those still open, and when it last sent one */
  requests: z.object({ total: z.number().int(), open: z.number().int(), lastAt: z.string().nullable() }),
  abilities: z.object({ revoke: z.boolean() }),
});
/** A case a machine client sent (Open311 or the report API), as the API keys page lists it. */
export const apiKeyRequestSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  source: z.string(),
  categoryName: z.string().nullable(),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  apiKeyId: z.string(),
  apiKeyName: z.string(),
  createdAt: z.string(),
});
export const apiKeyCreateSchema = z.object({ name: z.string().trim().min(1).max(100) });

export const areaSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: areaLevelSchema,
  parentCode: z.string().nullable(),
  childCount: z.number().int(),
  abilities: z.object({ update: z.boolean() }),
});
export type Area = z.infer<typeof areaSchema>;
export const areaCreateSchema = z.object({ code: areaCodeSchema, name: z.string().trim().min(1).max(100) });

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(["male", "female", "unknown"]),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  masked: z.boolean(),
  createdAt: z.string(),
  /** the household and residence facts of the registry */
  householdId: z.string().nullable().optional(),
  birthYear: z.number().int().nullable().optional(),
  residentType: z.enum(RESIDENT_TYPES).optional(),
  /** the roles the person holds besides being a resident (lists and reads) */
  roles: z.array(z.enum(PERSON_ROLES)).optional(),
  /** the details of those roles (reads of one person) */
  partyMember: partyMemberInfoSchema.nullable().optional(),
  communityWorker: communityWorkerInfoSchema.nullable().optional(),
  leaderPairings: z.array(leaderPairingSchema).optional(),
  /** the grids whose worker the person is */
  gridIds: z.array(z.string()).optional(),
  abilities: z.object({
    update: z.boolean(),
    revealPersonalData: z.boolean(),
    /** may set or remove the person's party membership, community work and leader pairings */
    updateRoles: z.boolean().optional(),
  }),
});
export type Person = z.infer<typeof personSchema>;

/** A household (户): where it lives and how many registered people belong to it. */
export const householdSchema = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  gridId: z.string().nullable(),
  door: z.string(),
  memberCount: z.number().int(),
});
export type Household = z.infer<typeof householdSchema>;
export const personCreateSchema = z.object({
  name: z.string().trim().min(1).max(64),
  gender: z.enum(["male", "female", "unknown"]).default("unknown"),
  areaCode: areaCodeSchema,
  idNumber: idNumberSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
});
export const personUpdateSchema = personCreateSchema.partial();

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  areaCode: z.string().nullable(),
  ip: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
