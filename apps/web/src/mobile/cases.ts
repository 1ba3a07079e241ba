// Shapes of the case endpoints the phone entry uses (mirrored from @gongzhi/contracts, type-only).
import { useQuery } from "@tanstack/react-query";
import { api } from "../shared/api";

export type CaseStatus =
  | "submitted"
  | "assigned"
  | "in_progress"
  | "hold_requested"
  | "on_hold"
  | "resolved"
  | "closed"
  | "rejected"
  | "merged";
export type Rating = "satisfied" | "basically_satisfied" | "unsatisfied";
export const RATINGS: readonly Rating[] = ["satisfied", "basically_satisfied", "unsatisfied"];
export const MAX_PHOTOS = 6;

export interface CategoryAttribute {
  code: string;
  variable: boolean;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}
export type AttributeAnswer = string | number | string[];

export interface CaseCategory {
  attributes: CategoryAttribute[];
  code: string;
  name: string;
  parentCode: string | null;
  description: string;
  active: boolean;
}

export interface CaseArea {
  code: string;
  name: string;
  level: string;
}

export interface IntakeResult {
  id: string;
  number: string;
  trackingCode: string;
  status: CaseStatus;
  areaName: string | null;
  gridName: string | null;
  createdAt: string;
  replayed: boolean;
}

export interface PublicCase {
  number: string;
  trackingCode: string | null;
  title: string;
  description: string;
  categoryName: string | null;
  status: CaseStatus;
  statusText: string;
  areaName: string | null;
  locationText: string | null;
  photos: string[];
  handledBy: string | null;
  deadlineAt: string | null;
  createdAt: string;
  steps: { at: string; text: string }[];
  mergedInto: { number: string } | null;
  rejectedReason: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  ratingDueAt: string | null;
  canRate: boolean;
}

export function useCategories() {
  return useQuery({
    queryKey: ["case-categories", "public"],
    queryFn: ({ signal }) => api<{ items: CaseCategory[] }>("/api/v1/case-categories", { signal, allowUnauthorized: true }),
    staleTime: 5 * 60_000,
  });
}

export function useCaseAreas(parent: string | null, enabled = true) {
  return useQuery({
    queryKey: ["case-areas", parent ?? ""],
    queryFn: ({ signal }) =>
      api<{ items: CaseArea[] }>("/api/v1/case-areas", { query: { parent: parent ?? undefined }, signal, allowUnauthorized: true }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** A new key for one form: a retried submission of the same form carries the same key. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("image"));
    };
    img.src = url;
  });
}

/** A photo scaled down to at most `max` pixels on its longer side, as a JPEG data URL. */
export async function resizePhoto(file: File, max = 1600, quality = 0.82): Promise<string> {
  const img = await loadImage(file);
  const scale = Math.min(1, max / Math.max(img.naturalWidth, img.naturalHeight));
  const w = Math.max(1, Math.round(img.naturalWidth * scale));
  const h = Math.max(1, Math.round(img.naturalHeight * scale));
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("canvas");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  return canvas.toDataURL("image/jpeg", quality);
}

/** The current position of the phone. */
export function currentPosition(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error("unsupported"));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }),
      (e) => reject(new Error(String(e.code))),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}
