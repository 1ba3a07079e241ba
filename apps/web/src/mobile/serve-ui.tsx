// Pieces shared by the phone pages of party members, volunteers and residents at work (wishes, activities,
// hours, points, 双报到, pairs): the page frame and the states of a query. The pickers are in pickers.tsx.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button, ErrorBlock, NavBar, Skeleton } from "./adm";
import { goBack } from "./router";

export { CommunityPicker, PhotoPicker } from "./pickers";

import "./serve.css";

/** A phone page with a sticky title bar and a way back. */
export function ServePage({
  title,
  testId,
  right,
  children,
}: {
  title: ReactNode;
  testId: string;
  right?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="gz-page" data-testid={testId}>
      <NavBar onBack={goBack} right={right} style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}>
        {title}
      </NavBar>
      {children}
    </div>
  );
}

/** The body of a query: a skeleton while it loads, its error, or `children` with the data. */
export function QueryBody<T>({
  query,
  lines = 6,
  children,
}: {
  query: Pick<UseQueryResult<T>, "data" | "isPending" | "isError" | "error">;
  lines?: number;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending)
    return (
      <div style={{ padding: 16 }}>
        <Skeleton.Paragraph lineCount={lines} animated />
      </div>
    );
  if (query.isError)
    return <ErrorBlock status="default" title={t("errors.loadFailed")} description={query.error?.message ?? ""} data-testid="load-error" />;
  return <>{children(query.data as T)}</>;
}

/** An empty list with an optional action below. */
export function EmptyBlock({ title, action }: { title: string; action?: ReactNode }) {
  return (
    <div className="gz-center" data-testid="empty">
      <ErrorBlock status="empty" title={title} description="" />
      {action}
    </div>
  );
}

/** A row of buttons that picks one value. */
export function Segment<V extends string>({
  values,
  value,
  onChange,
  label,
  testId,
}: {
  values: readonly V[];
  value: V;
  onChange: (v: V) => void;
  label: (v: V) => string;
  testId: string;
}) {
  return (
    <div className="gz-segment" role="tablist" data-testid={testId}>
      {values.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={value === v}
          className={value === v ? "on" : ""}
          onClick={() => onChange(v)}
          data-testid={`${testId}-${v}`}
        >
          {label(v)}
        </button>
      ))}
    </div>
  );
}

/** A full-width primary button for the bottom of a form. */
export function SubmitButton({ loading, testId, children }: { loading: boolean; testId: string; children: ReactNode }) {
  return (
    <Button block type="submit" color="primary" size="large" loading={loading} data-testid={testId}>
      {children}
    </Button>
  );
}
