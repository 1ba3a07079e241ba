import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../shared/api";
import type { AttributeAnswer, CategoryAttribute } from "./cases";

/** The problems the server found with the answers, by attribute code. */
export function attributeProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const d = error.details as { attributes?: { code?: unknown; problem?: unknown }[] } | null | undefined;
  const out: Record<string, string> = {};
  for (const a of d?.attributes ?? []) if (typeof a.code === "string") out[a.code] = String(a.problem ?? "invalid");
  return out;
}

/** Whether every required question has an answer. */
export function missingAnswers(attributes: readonly CategoryAttribute[], answers: Record<string, AttributeAnswer>): string[] {
  return attributes
    .filter((a) => a.variable && a.required)
    .filter((a) => {
      const v = answers[a.code];
      return v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    })
    .map((a) => a.code);
}

function Question({
  attribute: a,
  value,
  onChange,
  problem,
}: {
  attribute: CategoryAttribute;
  value: AttributeAnswer | undefined;
  onChange: (v: AttributeAnswer | undefined) => void;
  problem: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (!a.variable) return <div className="gz-field-help">{a.description}</div>;
  const label = (
    <label className="gz-field-label" htmlFor={id}>
      {a.description}
      {a.required ? " *" : ""}
    </label>
  );
  let input: ReactNode;
  if (a.datatype === "singlevaluelist") {
    input = (
      <select
        id={id}
        className="gz-select"
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{t("report.choose")}</option>
        {a.values.map((v) => (
          <option key={v.key} value={v.key}>
            {v.name}
          </option>
        ))}
      </select>
    );
  } else if (a.datatype === "multivaluelist") {
    const chosen = Array.isArray(value) ? value : [];
    input = (
      <div className="gz-checks" id={id}>
        {a.values.map((v) => (
          <label key={v.key} className="gz-switch">
            <input
              type="checkbox"
              checked={chosen.includes(v.key)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, v.key] : chosen.filter((k) => k !== v.key))}
            />
            <span>{v.name}</span>
          </label>
        ))}
      </div>
    );
  } else if (a.datatype === "text") {
    input = (
      <textarea
        id={id}
        className="gz-textarea"
        rows={3}
        maxLength={1000}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    );
  } else if (a.datatype === "datetime") {
    input = (
      <input
        id={id}
        className="gz-select"
        type="datetime-local"
        onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : undefined)}
      />
    );
  } else {
    input = (
      <input
        id={id}
        className="gz-select"
        type={a.datatype === "number" ? "number" : "text"}
        inputMode={a.datatype === "number" ? "decimal" : undefined}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => {
          const v = e.target.value;
          if (!v) onChange(undefined);
          else onChange(a.datatype === "number" ? Number(v) : v);
        }}
      />
    );
  }
  return (
    <div className="gz-field" data-testid={`attr-${a.code}`}>
      {label}
      {input}
      {problem ? (
        <span className="gz-field-error">{problem === "required" ? t("report.answerRequired") : t("report.answerInvalid")}</span>
      ) : a.datatype_description ? (
        <span className="gz-field-help">{a.datatype_description}</span>
      ) : null}
    </div>
  );
}

/** The category's extra questions (Open311-style attributes). */
export function AttributeQuestions({
  attributes,
  answers,
  onChange,
  problems,
}: {
  attributes: readonly CategoryAttribute[];
  answers: Record<string, AttributeAnswer>;
  onChange: (next: Record<string, AttributeAnswer>) => void;
  problems: Record<string, string>;
}) {
  const sorted = [...attributes].sort((a, b) => a.order - b.order);
  return (
    <>
      {sorted.map((a) => (
        <Question
          key={a.code}
          attribute={a}
          value={answers[a.code]}
          problem={problems[a.code]}
          onChange={(v) => {
            const next = { ...answers };
            if (v === undefined) delete next[a.code];
            else next[a.code] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}
