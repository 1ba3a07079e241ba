import type { CaseCategory, CategoryAttribute, caseCategoryUpdateSchema } from "@gongzhi/contracts";
import type { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { AuditContext } from "../../platform/audit.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import {
  type CategoryRow,
  categoryInUse,
  deleteCategory,
  findCategory,
  insertCategory,
  toCategory,
  updateCategory,
} from "./categories.repository.js";

/** The category table: two levels, a child under a top-level class of its own family. */

function validationError(path: string, code = "custom"): AppError {
  return new AppError("validation.failed", [{ path, code, message: code === "custom" ? "内容不正确" : "取值不在允许范围内" }]);
}

function checkAttributes(attributes: readonly CategoryAttribute[]): void {
  const seen = new Set<string>();
  attributes.forEach((a, i) => {
    if (seen.has(a.code)) throw validationError(`body.attributes.${i}.code`);
    seen.add(a.code);
    const keys = new Set<string>();
    a.values.forEach((v, j) => {
      if (keys.has(v.key)) throw validationError(`body.attributes.${i}.values.${j}.key`);
      keys.add(v.key);
    });
  });
}

async function checkParent(q: Queryable, c: CaseCategory): Promise<void> {
  if (!c.parentCode) return;
  const parent = await findCategory(q, c.parentCode);
  if (!parent || parent.parent_code || parent.family !== c.family || parent.code === c.code) {
    throw new AppError("domain.category_parent", { field: "parentCode" });
  }
  // Two levels only: a class that has children cannot itself move under another.
  const { rows } = await q.query("SELECT 1 FROM case_categories WHERE parent_code = $1 LIMIT 1", [c.code]);
  if (rows.length) throw new AppError("domain.category_parent", { field: "parentCode" });
}

export async function createCategory(q: Queryable, ctx: AuditContext, c: CaseCategory): Promise<CaseCategory> {
  checkAttributes(c.attributes);
  await checkParent(q, c);
  if (!(await insertCategory(q, c, { ignoreExisting: true }))) throw new AppError("conflict.category_code_taken", { field: "code" });
  const created = toCategory((await findCategory(q, c.code))!);
  await writeAudit(q, ctx, { action: "category.create", objectType: "case_category", objectId: c.code, after: created });
  return created;
}

export async function patchCategory(
  q: Queryable,
  ctx: AuditContext,
  code: string,
  patch: z.infer<typeof caseCategoryUpdateSchema>,
): Promise<CaseCategory> {
  const row: CategoryRow | null = await findCategory(q, code, { forUpdate: true });
  if (!row) throw notFound();
  const before = toCategory(row);
  const next: CaseCategory = { ...before, ...patch, deadlines: { ...before.deadlines, ...(patch.deadlines ?? {}) } };
  checkAttributes(next.attributes);
  if (next.parentCode !== before.parentCode) await checkParent(q, next);
  await updateCategory(q, next);
  const after = toCategory((await findCategory(q, code))!);
  await writeAudit(q, ctx, { action: "category.update", objectType: "case_category", objectId: code, before, after });
  return after;
}

export async function removeCategory(q: Queryable, ctx: AuditContext, code: string): Promise<void> {
  const row = await findCategory(q, code, { forUpdate: true });
  if (!row) throw notFound();
  if (await categoryInUse(q, code)) throw new AppError("domain.category_in_use");
  await deleteCategory(q, code);
  await writeAudit(q, ctx, { action: "category.delete", objectType: "case_category", objectId: code, before: toCategory(row) });
}
