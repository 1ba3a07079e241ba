// Data hooks for the assessment (动态考核): rows of a level over a period, the cases behind a figure, the weights.
import type { Assessment, AssessmentCase, AssessmentRow, AssessmentWeights } from "@gongzhi/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { Page } from "../../shared/types";

export type { Assessment, AssessmentCase, AssessmentRow, AssessmentWeights };

/** Mirrors ASSESSMENT_LEVELS and ASSESSMENT_METRICS of the contracts (the bundle does not pull in zod). */
export const ASSESSMENT_LEVELS = ["street", "community", "grid", "department", "unit"] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];
export const ASSESSMENT_METRICS = ["response", "resolution", "satisfaction", "on_time", "rework"] as const;
export type AssessmentMetric = (typeof ASSESSMENT_METRICS)[number];

/** Where each metric's numerator and denominator are in a row, as the server derives them. */
export const METRIC_FIGURES: Record<
  AssessmentMetric,
  { rate: keyof AssessmentRow; numerator: (r: AssessmentRow) => number; denominator: (r: AssessmentRow) => number }
> = {
  response: { rate: "responseRate", numerator: (r) => r.respondedOnTime, denominator: (r) => r.due },
  resolution: { rate: "resolutionRate", numerator: (r) => r.solved, denominator: (r) => r.judged },
  satisfaction: { rate: "satisfactionRate", numerator: (r) => r.satisfied, denominator: (r) => r.rated },
  on_time: { rate: "onTimeRate", numerator: (r) => r.closedOnTime, denominator: (r) => r.due - r.onHold },
  rework: { rate: "reworkRate", numerator: (r) => r.reworked, denominator: (r) => r.judged },
};

/** The rate of a metric in a row (null over an empty denominator). */
export function rateOf(row: AssessmentRow, metric: AssessmentMetric): number | null {
  return row[METRIC_FIGURES[metric].rate] as number | null;
}

export interface AssessmentParams {
  level: AssessmentLevel;
  areaCode?: string;
  from?: string;
  to?: string;
}

export function useAssessment(params: AssessmentParams, enabled = true) {
  return useQuery({
    queryKey: ["assessment", "rows", params],
    queryFn: ({ signal }) => api<Assessment>("/api/v1/assessment", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface DrillParams extends AssessmentParams {
  key: string;
  metric: AssessmentMetric;
  numerator: boolean;
  page: number;
  pageSize: number;
}

/** The cases behind one figure of one row. */
export function useAssessmentCases(params: DrillParams | null) {
  return useQuery({
    queryKey: ["assessment", "cases", params],
    queryFn: ({ signal }) =>
      api<Page<AssessmentCase>>("/api/v1/assessment/cases", {
        query: { ...(params as DrillParams), numerator: String(params?.numerator) },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled: !!params,
  });
}

export type WeightsView = AssessmentWeights & { areaCode: string };

/** The weights in force for an area (the actor's own by default), and the area that sets them. */
export function useWeights(areaCode: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ["assessment", "weights", areaCode ?? null],
    queryFn: ({ signal }) => api<WeightsView>("/api/v1/assessment/weights", { query: { areaCode }, signal }),
    enabled,
  });
}

export interface WeightsInput {
  areaCode: string;
  response: number;
  resolution: number;
  satisfaction: number;
}

/** Sets an area's own weights, or (with `clear`) removes them so that it inherits again; refreshes every figure. */
export function useSaveWeights() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { clear: true; areaCode: string } | ({ clear?: false } & WeightsInput)) =>
      input.clear
        ? api<WeightsView>(`/api/v1/assessment/weights/${encodeURIComponent(input.areaCode)}`, { method: "DELETE" })
        : api<WeightsView>("/api/v1/assessment/weights", {
            method: "PUT",
            body: { areaCode: input.areaCode, response: input.response, resolution: input.resolution, satisfaction: input.satisfaction },
          }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["assessment"] }),
  });
}
