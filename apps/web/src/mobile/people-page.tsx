import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../shared/api";
import type { Area, Me, Page, Person } from "../shared/types";
import { Button, ErrorBlock, List, NavBar, SearchBar, Skeleton, Tag } from "./adm";
import { goBack, navigate, useLocation } from "./router";
import { Sheet } from "./ui";

const PAGE_SIZE = 20;

function PersonSheet({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [reveal, setReveal] = useState(false);
  const id = person?.id ?? "";
  const full = useQuery({
    queryKey: ["people", "personal-data", id],
    queryFn: ({ signal }) => api<Person>(`/api/v1/people/${encodeURIComponent(id)}/personal-data`, { signal }),
    enabled: !!person && reveal,
    gcTime: 0,
    retry: false,
  });
  const shown = reveal && full.data ? full.data : person;
  return (
    <Sheet
      open={!!person}
      onClose={() => {
        setReveal(false);
        onClose();
      }}
      title={shown?.name}
      testId="person-sheet"
    >
      {shown ? (
        <>
          {full.isError ? (
            <div className="gz-error" style={{ marginTop: 8 }}>
              {full.error.message}
            </div>
          ) : null}
          <List>
            <List.Item extra={t(`gender.${shown.gender}`)}>{t("people.columns.gender")}</List.Item>
            <List.Item extra={shown.areaName ?? shown.areaCode}>{t("people.columns.area")}</List.Item>
            <List.Item extra={<span className="gz-mono">{shown.idNumber ?? "—"}</span>}>{t("people.columns.idNumber")}</List.Item>
            <List.Item extra={shown.phone && !shown.masked ? <a href={`tel:${shown.phone}`}>{shown.phone}</a> : (shown.phone ?? "—")}>
              {t("people.columns.phone")}
            </List.Item>
            <List.Item description={shown.address ?? "—"}>{t("people.columns.address")}</List.Item>
          </List>
          <div style={{ padding: "12px 16px 0" }}>
            {shown.masked && shown.abilities.revealPersonalData ? (
              <Button
                block
                color="primary"
                fill="outline"
                loading={full.isFetching}
                onClick={() => setReveal(true)}
                data-testid="reveal-pii"
              >
                {t("people.reveal")}
              </Button>
            ) : !shown.masked ? (
              <div className="gz-muted">{t("people.revealedNotice")}</div>
            ) : (
              <div className="gz-muted">{t("people.maskedNotice")}</div>
            )}
          </div>
        </>
      ) : null}
    </Sheet>
  );
}

/** Residents of the grid worker's area (or a sub-area), searchable, loaded page by page. */
export function PeoplePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { params } = useLocation();
  const areaCode = params.get("areaCode") ?? me.scope.areaCode ?? undefined;
  const q = params.get("q") ?? "";
  const [selected, setSelected] = useState<Person | null>(null);
  const area = useQuery({
    queryKey: ["areas", "one", areaCode ?? ""],
    queryFn: ({ signal }) => api<Area>(`/api/v1/areas/${encodeURIComponent(areaCode as string)}`, { signal }),
    enabled: !!areaCode,
  });
  const people = useInfiniteQuery({
    queryKey: ["people", "infinite", { areaCode, q }],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Person>>("/api/v1/people", { query: { areaCode, q, page: pageParam, pageSize: PAGE_SIZE }, signal }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const total = people.data?.pages[0]?.total;

  const search = (value: string) => {
    const next = new URLSearchParams();
    if (areaCode) next.set("areaCode", areaCode);
    if (value.trim()) next.set("q", value.trim());
    navigate(`/people?${next.toString()}`, { replace: true });
  };

  return (
    <div className="gz-page" data-testid="mobile-people">
      <NavBar onBack={goBack} style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}>
        {t("mobile.peopleLink")}
      </NavBar>
      <div className="gz-search">
        <SearchBar
          key={q}
          defaultValue={q}
          placeholder={t("people.searchPlaceholder")}
          onSearch={search}
          onClear={() => search("")}
          data-testid="people-search"
        />
        <div className="gz-muted" style={{ marginTop: 6 }}>
          {area.data ? area.data.name : areaCode}
          {total !== undefined ? ` · ${t("common.total", { count: total })}` : ""}
        </div>
      </div>
      {people.isError ? (
        <ErrorBlock status="default" title={t("errors.loadFailed")} description={people.error.message} />
      ) : people.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={q ? t("people.noMatch") : t("people.empty")} description="" />
      ) : (
        <div className="gz-card" style={{ margin: "0 12px" }}>
          <List>
            {items.map((p) => (
              <List.Item
                key={p.id}
                onClick={() => setSelected(p)}
                description={p.address ?? p.areaName ?? p.areaCode}
                extra={p.phone ?? undefined}
                data-testid="person-item"
              >
                {p.name}{" "}
                <Tag fill="outline" style={{ marginLeft: 4 }}>
                  {t(`gender.${p.gender}`)}
                </Tag>
              </List.Item>
            ))}
          </List>
          <div className="gz-more">
            {people.hasNextPage ? (
              <Button size="small" loading={people.isFetchingNextPage} onClick={() => void people.fetchNextPage()}>
                {t("mobile.loadMore")}
              </Button>
            ) : (
              <span className="gz-muted">{t("mobile.noMore")}</span>
            )}
          </div>
        </div>
      )}
      <PersonSheet person={selected} onClose={() => setSelected(null)} />
    </div>
  );
}
