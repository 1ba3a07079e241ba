import { type CaseDuplicate, OPEN_STATUSES, parentCode } from "@gongzhi/contracts";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type CaseRow, caseVisibleSql } from "./cases.repository.js";

/**
 * Possible duplicates of a case, offered to the triager: open cases of the same category nearby (within a
 * radius, over the last days), and open cases whose text says the same thing. Texts are compared as sets of
 * words from Chinese word segmentation (jieba, search mode, with the names of the places, units and the
 * categories' words loaded as user words), stop words left out, by cosine — not by shared characters.
 */

export interface DuplicateOptions {
  /** metres */
  radius: number;
  days: number;
  /** 0–1: the least text similarity that counts */
  minSimilarity: number;
  limit: number;
}
export const DUPLICATE_DEFAULTS: DuplicateOptions = { radius: 250, days: 60, minSimilarity: 0.3, limit: 10 };

/** Candidates compared by text, newest first: enough for any community's or street's open cases of two months. */
const TEXT_CANDIDATES = 2000;

// ---------------------------------------------------------------------------------------------------------
// Words

let jieba: Jieba | null = null;
const userWords = new Set<string>();

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Adds words to the segmenter's dictionary (each once per process). Higher frequency wins over the built-in words. */
export function addUserWords(words: Iterable<string>, freq: number, tag: string): void {
  const fresh = [...new Set(words)].map((w) => w.replace(/\s+/g, "")).filter((w) => w.length >= 2 && w.length <= 30 && !userWords.has(w));
  if (!fresh.length) return;
  for (const w of fresh) userWords.add(w);
  // Texts segmented before may now split differently.
  wordCache.clear();
  segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} ${freq} ${tag}`).join("\n")));
}

const STOP_WORDS = new Set(
  (
    "的 了 着 过 是 在 有 和 与 及 或 也 都 就 还 又 很 太 非常 已经 一直 总是 经常 我 我们 你 你们 您 他 她 它 他们 她们 这 那 这个 那个 " +
    "这里 那里 这边 那边 这些 那些 请 麻烦 谢谢 一下 一个 一些 什么 怎么 怎么办 为什么 吗 呢 吧 啊 呀 哦 嘛 把 被 给 让 对 向 从 到 于 " +
    "个 位 就是 还是 但是 可是 而且 因为 所以 如果 希望 反映 问题 情况 现在 今天 昨天 前天 最近 一天 几天 好几天 多次 能 能否 可以 要 会 " +
    "需要 帮忙 处理 解决 尽快 及时 一直 没 没有 不 得 地 之 其 等 后 前 时 时候"
  ).split(/\s+/),
);

/** The words of a text: segmented in search mode, stop words, punctuation and lone digits left out. */
export function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of segmenter().cutForSearch(text, true)) {
    const w = raw.trim().toLowerCase();
    if (!w || STOP_WORDS.has(w)) continue;
    if (!/[\p{L}\p{N}]/u.test(w)) continue;
    if (/^\d$/.test(w)) continue;
    out.add(w);
  }
  return out;
}

/** Word sets of recent texts: a case is compared with many others, and most texts do not change. */
const wordCache = new Map<string, Set<string>>();
const WORD_CACHE_ENTRIES = 20_000;

/** `words` of a text, remembered for the texts seen most recently. */
export function cachedWords(text: string): Set<string> {
  let w = wordCache.get(text);
  if (w) {
    wordCache.delete(text);
  } else {
    w = words(text);
    if (wordCache.size >= WORD_CACHE_ENTRIES) wordCache.delete(wordCache.keys().next().value!);
  }
  wordCache.set(text, w);
  return w;
}

/** Cosine of two word sets: shared words over the geometric mean of their sizes (0 when either is empty). */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/**
 * Loads the words that segmentation should keep whole for a case: the categories' names and keywords, and the
 * names of the case's areas (district to compound) and of the units in its community.
 */
export async function loadWordsFor(q: Queryable, areaCode: string | null): Promise<void> {
  const cats = await q.query<{ name: string; keywords: string[] }>("SELECT name, keywords FROM case_categories");
  addUserWords(
    cats.rows.flatMap((c) => [c.name, ...c.keywords]),
    20_000,
    "n",
  );
  if (!areaCode) return;
  const chain: string[] = [];
  for (let code: string | null = areaCode; code; code = parentCode(code)) chain.push(code);
  const areas = await q.query<{ name: string }>(
    "SELECT name FROM areas WHERE code = ANY($1::text[]) OR (parent_code = $2 AND level IN ('compound','building'))",
    [chain, areaCode.slice(0, 12)],
  );
  addUserWords(
    areas.rows.map((a) => a.name),
    2_000,
    "ns",
  );
  const units = await q.query<{ name: string }>("SELECT name FROM units WHERE area_code LIKE $1 LIMIT 2000", [`${areaCode.slice(0, 12)}%`]);
  addUserWords(
    units.rows.map((u) => u.name),
    1_000,
    "nt",
  );
}

// ---------------------------------------------------------------------------------------------------------
// Distance

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------------------------------------------------
// Candidates

interface CandidateRow {
  id: string;
  number: string;
  title: string;
  description: string;
  status: CaseRow["status"];
  category_code: string | null;
  category_name: string | null;
  created_at: Date;
  reporters_count: number;
  lat: number | null;
  lng: number | null;
}

const CANDIDATE_SELECT = `SELECT c.id, c.number, c.title, c.description, c.status, c.category_code, cc.name AS category_name,
  c.created_at, c.reporters_count, c.lat, c.lng
  FROM cases c LEFT JOIN case_categories cc ON cc.code = c.category_code`;

/**
 * Open cases the actor may see that may be duplicates of `c` (taken as of category `categoryCode`), scored:
 * `1 − (1 − nearness)(1 − similarity)`, where nearness runs from 1 at the same spot to ½ at the radius.
 */
export async function findDuplicates(
  q: Queryable,
  actor: Actor,
  c: Pick<CaseRow, "id" | "title" | "description" | "lat" | "lng" | "area_code" | "created_at">,
  categoryCode: string | null,
  opts: DuplicateOptions = DUPLICATE_DEFAULTS,
): Promise<CaseDuplicate[]> {
  const open = OPEN_STATUSES.filter((s) => s !== "merged");
  const since = new Date(Math.min(c.created_at.getTime(), Date.now()) - opts.days * 86_400_000);
  const vis = caseVisibleSql(actor, "c", 4);
  const base = `c.id <> $1 AND c.status = ANY($2::text[]) AND c.created_at >= $3 AND ${vis.sql}`;
  const baseParams = [c.id, open, since, ...vis.params];
  const found = new Map<string, CandidateRow>();

  if (c.lat !== null && c.lng !== null) {
    const dLat = opts.radius / 111_320;
    const dLng = opts.radius / (111_320 * Math.max(0.01, Math.cos(rad(c.lat))));
    const n = baseParams.length;
    const category = categoryCode ? ` AND c.category_code = $${n + 5}` : "";
    const { rows } = await q.query<CandidateRow>(
      `${CANDIDATE_SELECT} WHERE ${base} AND c.lat BETWEEN $${n + 1} AND $${n + 2} AND c.lng BETWEEN $${n + 3} AND $${n + 4}${category}
        ORDER BY c.created_at DESC LIMIT 500`,
      [...baseParams, c.lat - dLat, c.lat + dLat, c.lng - dLng, c.lng + dLng, ...(categoryCode ? [categoryCode] : [])],
    );
    for (const r of rows) found.set(r.id, r);
  }
  const { rows: recent } = await q.query<CandidateRow>(
    `${CANDIDATE_SELECT} WHERE ${base} ORDER BY c.created_at DESC LIMIT ${TEXT_CANDIDATES}`,
    baseParams,
  );
  for (const r of recent) found.set(r.id, r);
  if (!found.size) return [];

  await loadWordsFor(q, c.area_code);
  const mine = words(`${c.title} ${c.description}`);
  const out: CaseDuplicate[] = [];
  for (const r of found.values()) {
    const distance =
      c.lat !== null && c.lng !== null && r.lat !== null && r.lng !== null
        ? distanceMeters(c as { lat: number; lng: number }, r as { lat: number; lng: number })
        : null;
    const sameCategory = !categoryCode || r.category_code === categoryCode;
    const nearness = distance !== null && sameCategory && distance <= opts.radius ? 1 - 0.5 * (distance / opts.radius) : 0;
    const sim = similarity(mine, cachedWords(`${r.title} ${r.description}`));
    const reasons: CaseDuplicate["reasons"] = [];
    if (nearness > 0) reasons.push("nearby");
    if (sim >= opts.minSimilarity) reasons.push("similar_text");
    if (!reasons.length) continue;
    out.push({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      createdAt: r.created_at.toISOString(),
      reportersCount: r.reporters_count,
      distanceMeters: distance === null ? null : Math.round(distance),
      similarity: Math.round(sim * 1000) / 1000,
      score: Math.round((1 - (1 - nearness) * (1 - sim)) * 1000) / 1000,
      reasons,
    });
  }
  return out.sort((a, b) => b.score - a.score || b.createdAt.localeCompare(a.createdAt)).slice(0, opts.limit);
}
