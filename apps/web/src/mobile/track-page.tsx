import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../shared/api";
import { formatDateTime } from "../shared/format";
import type { Page } from "../shared/types";
import { Button, ErrorBlock, List, NavBar, SearchBar, Skeleton, Tag } from "./adm";
import { type PublicCase, RATINGS, type Rating } from "./cases";
import { goBack, navigate, useLocation } from "./router";
import { onSubmit } from "./ui";

const STATUS_COLOR: Record<string, string> = {
  submitted: "default",
  assigned: "primary",
  in_progress: "primary",
  hold_requested: "primary",
  on_hold: "warning",
  resolved: "warning",
  closed: "success",
  rejected: "danger",
  merged: "default",
};

function trackKey(code: string) {
  return ["cases", "track", code];
}

function RateForm({ code }: { code: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState("");
  const commentId = useId();
  const mutation = useMutation({
    mutationFn: () =>
      api<PublicCase>(`/api/v1/cases/track/${encodeURIComponent(code)}/rate`, {
        method: "POST",
        body: { rating, comment: comment.trim() || undefined },
        allowUnauthorized: true,
      }),
    onSuccess: (data) => {
      if (data && typeof data === "object" && "steps" in data) queryClient.setQueryData(trackKey(code), data);
      void queryClient.invalidateQueries({ queryKey: ["cases"] });
    },
  });
  return (
    <div className="gz-card" data-testid="rate-form">
      <div className="gz-card-title">{t("track.rateTitle")}</div>
      <form className="gz-form" style={{ paddingTop: 0 }} onSubmit={onSubmit(() => rating && mutation.mutate())} noValidate>
        <div className="gz-segment">
          {RATINGS.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={rating === r}
              className={rating === r ? "on" : ""}
              onClick={() => setRating(r)}
              data-testid={`rate-${r}`}
            >
              {t(`track.ratings.${r}`)}
            </button>
          ))}
        </div>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={commentId}>
            {t("track.comment")}
          </label>
          <textarea
            id={commentId}
            className="gz-textarea"
            rows={3}
            maxLength={500}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="rate-comment"
          />
        </div>
        {mutation.isError ? (
          <div className="gz-error" style={{ margin: 0 }}>
            {mutation.error.message}
          </div>
        ) : null}
        <Button block type="submit" color="primary" disabled={!rating} loading={mutation.isPending} data-testid="rate-submit">
          {t("track.rateSubmit")}
        </Button>
      </form>
    </div>
  );
}

function CaseView({ c, code }: { c: PublicCase; code: string }) {
  const { t } = useTranslation();
  return (
    <div className="gz-cards" data-testid="track-result">
      <div className="gz-card">
        <div className="gz-card-body">
          <div className="gz-name">{c.title}</div>
          <div className="gz-tags">
            <Tag color={STATUS_COLOR[c.status] ?? "default"} data-testid="track-status">
              {c.statusText}
            </Tag>
            {c.categoryName ? <Tag fill="outline">{c.categoryName}</Tag> : null}
          </div>
          <p className="gz-desc">{c.description}</p>
        </div>
        <List>
          <List.Item extra={<span className="gz-mono">{c.number}</span>} arrowIcon={false}>
            {t("report.number")}
          </List.Item>
          <List.Item extra={formatDateTime(c.createdAt)} arrowIcon={false}>
            {t("track.createdAt")}
          </List.Item>
          {c.areaName || c.locationText ? (
            <List.Item extra={[c.areaName, c.locationText].filter(Boolean).join(" · ")} arrowIcon={false}>
              {t("report.place")}
            </List.Item>
          ) : null}
          {c.handledBy ? (
            <List.Item extra={c.handledBy} arrowIcon={false}>
              {t("track.handledBy")}
            </List.Item>
          ) : null}
          {c.deadlineAt ? (
            <List.Item extra={formatDateTime(c.deadlineAt)} arrowIcon={false}>
              {t("track.deadline")}
            </List.Item>
          ) : null}
          {c.mergedInto ? (
            <List.Item extra={<span className="gz-mono">{c.mergedInto.number}</span>} arrowIcon={false}>
              {t("track.mergedInto")}
            </List.Item>
          ) : null}
          {c.rejectedReason ? <List.Item description={c.rejectedReason}>{t("track.rejectedReason")}</List.Item> : null}
          {c.rating ? (
            <List.Item description={c.ratingComment ?? undefined} extra={t(`track.ratings.${c.rating}`)} arrowIcon={false}>
              {t("track.yourRating")}
            </List.Item>
          ) : null}
        </List>
        {c.photos.length ? (
          <div className="gz-card-body gz-photos">
            {c.photos.map((src) => (
              <a className="gz-photo" key={src} href={src} target="_blank" rel="noreferrer">
                <img src={src} alt="" />
              </a>
            ))}
          </div>
        ) : null}
      </div>
      {c.canRate ? <RateForm code={code} /> : null}
      <div className="gz-card">
        <div className="gz-card-title">{t("track.steps")}</div>
        <ol className="gz-steps" data-testid="track-steps">
          {[...c.steps].reverse().map((s, i) => (
            <li key={`${s.at}-${s.text}`} className={i === 0 ? "now" : ""}>
              <div>{s.text}</div>
              <div className="gz-muted">{formatDateTime(s.at)}</div>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

/** 查询进度: a case by its tracking code, in plain words, with the rating when it awaits one. */
export function TrackPage() {
  const { t } = useTranslation();
  const { params } = useLocation();
  const code = (params.get("code") ?? "").trim();
  const query = useQuery({
    queryKey: trackKey(code),
    queryFn: ({ signal }) => api<PublicCase>(`/api/v1/cases/track/${encodeURIComponent(code)}`, { signal, allowUnauthorized: true }),
    enabled: !!code,
    retry: false,
  });
  const search = (v: string) => navigate(v.trim() ? `/track?code=${encodeURIComponent(v.trim())}` : "/track", { replace: true });
  return (
    <div className="gz-page" data-testid="track-page">
      <NavBar onBack={goBack} style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}>
        {t("track.title")}
      </NavBar>
      <div className="gz-search">
        <SearchBar key={code} defaultValue={code} placeholder={t("track.placeholder")} onSearch={search} data-testid="track-input" />
        <div className="gz-muted" style={{ marginTop: 6 }}>
          {t("track.hint")}
        </div>
      </div>
      {!code ? null : query.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      ) : query.isError ? (
        <ErrorBlock status="empty" title={t("track.notFound")} description={query.error.message} />
      ) : (
        <CaseView c={query.data} code={code} />
      )}
    </div>
  );
}

const PAGE_SIZE = 20;

/** 我的反映: the cases the signed-in resident reported. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: ["cases", "mine"],
    queryFn: ({ pageParam, signal }) =>
      api<Page<PublicCase>>("/api/v1/my/cases", { query: { page: pageParam, pageSize: PAGE_SIZE }, signal }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="gz-page" data-testid="my-cases">
      <NavBar onBack={goBack} style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}>
        {t("track.mine")}
      </NavBar>
      {query.isError ? (
        <ErrorBlock status="default" title={t("errors.loadFailed")} description={query.error.message} />
      ) : query.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      ) : items.length === 0 ? (
        <div className="gz-center">
          <ErrorBlock status="empty" title={t("track.mineEmpty")} description="" />
          <Button color="primary" onClick={() => navigate("/report")}>
            {t("report.title")}
          </Button>
        </div>
      ) : (
        <div className="gz-card" style={{ margin: "12px" }}>
          <List>
            {items.map((c) => (
              <List.Item
                key={c.number}
                onClick={c.trackingCode ? () => navigate(`/track?code=${encodeURIComponent(c.trackingCode as string)}`) : undefined}
                description={`${c.number} · ${formatDateTime(c.createdAt)}`}
                extra={
                  <Tag color={STATUS_COLOR[c.status] ?? "default"} fill={c.canRate ? "solid" : "outline"}>
                    {c.canRate ? t("track.toRate") : c.statusText}
                  </Tag>
                }
                data-testid="my-case-item"
              >
                {c.title}
              </List.Item>
            ))}
          </List>
          <div className="gz-more">
            {query.hasNextPage ? (
              <Button size="small" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t("mobile.loadMore")}
              </Button>
            ) : (
              <span className="gz-muted">{t("mobile.noMore")}</span>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
