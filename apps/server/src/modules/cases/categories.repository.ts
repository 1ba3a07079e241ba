import type { CaseCategory, CategoryAttribute, DeadlineRule, URGENCIES } from "@gongzhi/contracts";
import type { Db, Queryable } from "../../db/client.js";
import { versioned } from "../../db/versioned.js";

/** A row of case_categories. */
export interface CategoryRow {
  code: string;
  name: string;
  parent_code: string | null;
  family: CaseCategory["family"];
  description: string;
  keywords: string[];
  public: boolean;
  deadline_normal: number;
  deadline_normal_unit: DeadlineRule["unit"];
  deadline_urgent: number;
  deadline_urgent_unit: DeadlineRule["unit"];
  deadline_critical: number;
  deadline_critical_unit: DeadlineRule["unit"];
  attributes: CategoryAttribute[];
  active: boolean;
  sort: number;
  /** null: the configuration's AUTO_ESCALATE decides */
  auto_escalate: boolean | null;
}

export function toCategory(r: CategoryRow): CaseCategory {
  return {
    code: r.code,
    name: r.name,
    parentCode: r.parent_code,
    family: r.family,
    description: r.description,
    keywords: r.keywords,
    public: r.public,
    deadlines: {
      normal: { value: r.deadline_normal, unit: r.deadline_normal_unit },
      urgent: { value: r.deadline_urgent, unit: r.deadline_urgent_unit },
      critical: { value: r.deadline_critical, unit: r.deadline_critical_unit },
    },
    attributes: [...(r.attributes ?? [])].sort((a, b) => a.order - b.order),
    active: r.active,
    sort: r.sort,
    autoEscalate: r.auto_escalate,
  };
}

/** The deadline rule of a category for an urgency. */
export function deadlineRuleOf(r: CategoryRow, urgency: (typeof URGENCIES)[number]): DeadlineRule {
  if (urgency === "critical") return { value: r.deadline_critical, unit: r.deadline_critical_unit };
  if (urgency === "urgent") return { value: r.deadline_urgent, unit: r.deadline_urgent_unit };
  return { value: r.deadline_normal, unit: r.deadline_normal_unit };
}

export async function listCategories(q: Queryable, f: { publicOnly?: boolean; activeOnly?: boolean } = {}): Promise<CategoryRow[]> {
  const cond = (alias: string) =>
    [f.publicOnly ? `${alias}.public` : null, f.activeOnly ? `${alias}.active` : null].filter(Boolean).join(" AND ") || "true";
  // A child is listed only when its parent is listed too, so a list never holds an orphan.
  const { rows } = await q.query<CategoryRow>(
    `SELECT c.* FROM case_categories c
      WHERE ${cond("c")}
        AND (c.parent_code IS NULL OR EXISTS (SELECT 1 FROM case_categories p WHERE p.code = c.parent_code AND ${cond("p")}))
      ORDER BY c.sort, c.code`,
  );
  return rows;
}

export async function findCategory(q: Queryable, code: string, opts: { forUpdate?: boolean } = {}): Promise<CategoryRow | null> {
  const { rows } = await q.query<CategoryRow>(opts.forUpdate ? `${FIND_CATEGORY} FOR UPDATE` : FIND_CATEGORY, [code]);
  return rows[0] ?? null;
}

const COLUMNS = [
  "code",
  "name",
  "parent_code",
  "family",
  "description",
  "keywords",
  "public",
  "deadline_normal",
  "deadline_normal_unit",
  "deadline_urgent",
  "deadline_urgent_unit",
  "deadline_critical",
  "deadline_critical_unit",
  "attributes",
  "active",
  "sort",
  "auto_escalate",
] as const;

function values(c: CaseCategory): unknown[] {
  return [
    c.code,
    c.name,
    c.parentCode,
    c.family,
    c.description,
    c.keywords,
    c.public,
    c.deadlines.normal.value,
    c.deadlines.normal.unit,
    c.deadlines.urgent.value,
    c.deadlines.urgent.unit,
    c.deadlines.critical.value,
    c.deadlines.critical.unit,
    JSON.stringify(c.attributes),
    c.active,
    c.sort,
    c.autoEscalate,
  ];
}

const FIND_CATEGORY = `SELECT ${COLUMNS.join(", ")} FROM case_categories WHERE code = $1`;

/**
 * Every category by code, kept by each process: every intake asks for its category. Current after this process's
 * changes (`markCategoriesChanged`) and within a second of another's (the `categories` token of cache_versions).
 */
const categoriesByCode = versioned("SELECT token::text AS token FROM cache_versions WHERE name = 'categories'", async (db) => {
  const { rows } = await db.query<CategoryRow>(`SELECT ${COLUMNS.join(", ")} FROM case_categories`);
  return new Map(rows.map((r) => [r.code, r]));
});

/** One category by code, from the process's copy (see `categoriesByCode`); null when there is none. */
export async function cachedCategory(db: Db, code: string): Promise<CategoryRow | null> {
  return (await categoriesByCode.get(db)).get(code) ?? null;
}

/** Call after a change to the categories has committed. */
export function markCategoriesChanged(db: Db): void {
  categoriesByCode.markChanged(db);
}

/** Inserts a category; with `ignoreExisting` an existing code is left as it is. Returns whether a row was added. */
export async function insertCategory(q: Queryable, c: CaseCategory, opts: { ignoreExisting?: boolean } = {}): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO case_categories (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((col, i) => `$${i + 1}${col === "attributes" ? "::jsonb" : ""}`).join(", ")})
     ${opts.ignoreExisting ? "ON CONFLICT (code) DO NOTHING" : ""}`,
    values(c),
  );
  return rowCount > 0;
}

/** Writes every column of a category but its code. */
export async function updateCategory(q: Queryable, c: CaseCategory): Promise<void> {
  const cols = COLUMNS.slice(1);
  const vals = values(c).slice(1);
  await q.query(
    `UPDATE case_categories SET ${cols.map((col, i) => `${col} = $${i + 2}${col === "attributes" ? "::jsonb" : ""}`).join(", ")} WHERE code = $1`,
    [c.code, ...vals],
  );
}

/** Whether anything refers to a category: cases, sub-categories or routing rules. */
export async function categoryInUse(q: Queryable, code: string): Promise<boolean> {
  const { rows } = await q.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM cases WHERE category_code = $1)
         OR EXISTS (SELECT 1 FROM case_categories WHERE parent_code = $1)
         OR EXISTS (SELECT 1 FROM routing_rules WHERE category_code = $1) AS used`,
    [code],
  );
  return !!rows[0]?.used;
}

export async function deleteCategory(q: Queryable, code: string): Promise<void> {
  await q.query("DELETE FROM case_categories WHERE code = $1", [code]);
}
