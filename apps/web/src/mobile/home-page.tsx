import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, logout } from "../shared/api";
import { can, primaryRole, STAFF_ROLES } from "../shared/domain";
import { formatNumber } from "../shared/format";
import { setLanguage } from "../shared/i18n";
import { meQueryKey } from "../shared/query";
import type { Area, Me, Page, Person, Role } from "../shared/types";
import { Button, List, Skeleton, Tag } from "./adm";
import { InboxEntry } from "./inbox-page";
import { LanguageToggle } from "./language-toggle";
import { PasswordSheet } from "./password-popup";
import { navigate } from "./router";
import { ServeTiles } from "./serve-screens";
import { useToast } from "./ui";

/** The role the phone home is titled after: grid worker and resident first, as they are who the phone is for. */
function mobileRole(roles: readonly Role[]): Role {
  if (roles.includes("grid_worker")) return "grid_worker";
  if (roles.includes("resident")) return "resident";
  return primaryRole(roles);
}

function MyArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const code = me.scope.areaCode as string;
  const area = useQuery({
    queryKey: ["areas", "one", code],
    queryFn: ({ signal }) => api<Area>(`/api/v1/areas/${encodeURIComponent(code)}`, { signal }),
  });
  const children = useQuery({
    queryKey: ["areas", "list", { parent: code, pageSize: 50 }],
    queryFn: ({ signal }) => api<Page<Area>>("/api/v1/areas", { query: { parent: code, pageSize: 50 }, signal }),
  });
  const canPeople = can(me, "people.read");
  const people = useQuery({
    queryKey: ["people", "list", { areaCode: code, pageSize: 1 }],
    queryFn: ({ signal }) => api<Page<Person>>("/api/v1/people", { query: { areaCode: code, pageSize: 1 }, signal }),
    enabled: canPeople,
  });

  return (
    <>
      <div className="gz-card" data-testid="my-area">
        <div className="gz-card-title">{t(me.roles.includes("grid_worker") ? "mobile.myGrid" : "mobile.myArea")}</div>
        <div className="gz-card-body">
          {area.isPending ? (
            <Skeleton.Paragraph lineCount={2} animated />
          ) : area.isError ? (
            <div className="gz-error" style={{ margin: 0 }}>
              {area.error.message}
            </div>
          ) : (
            <>
              <div className="gz-name">{area.data.name}</div>
              <div className="gz-muted gz-mono">{area.data.code}</div>
              <div className="gz-tags">
                <Tag color="primary" fill="outline">
                  {t(`levels.${area.data.level}`)}
                </Tag>
              </div>
            </>
          )}
        </div>
        <div className="gz-card-body gz-stats" style={{ paddingTop: 0 }}>
          <div>
            <div className="gz-stat-value">{area.data ? formatNumber(area.data.childCount) : "—"}</div>
            <div className="gz-stat-label">{t("mobile.subAreas")}</div>
          </div>
          <div>
            <div className="gz-stat-value" data-testid="people-total">
              {canPeople && people.data ? formatNumber(people.data.total) : "—"}
            </div>
            <div className="gz-stat-label">{t("mobile.peopleCount")}</div>
          </div>
          <div>
            <div className="gz-stat-value">{t(`scopeKind.${me.scope.kind}`)}</div>
            <div className="gz-stat-label">{t("home.scope.kind")}</div>
          </div>
        </div>
      </div>
      {canPeople ? (
        <div className="gz-card">
          <List>
            <List.Item
              onClick={() => navigate(`/people?areaCode=${encodeURIComponent(code)}`)}
              description={t("mobile.peopleLinkText")}
              data-testid="people-link"
            >
              {t("mobile.peopleLink")}
            </List.Item>
          </List>
        </div>
      ) : null}
      {children.data && children.data.items.length > 0 ? (
        <div className="gz-card">
          <div className="gz-card-title">{t("mobile.subAreaList")}</div>
          <List>
            {children.data.items.map((a) => (
              <List.Item
                key={a.code}
                extra={t(`levels.${a.level}`)}
                description={<span className="gz-mono">{a.code}</span>}
                onClick={canPeople ? () => navigate(`/people?areaCode=${encodeURIComponent(a.code)}`) : undefined}
                arrowIcon={canPeople ? undefined : false}
              >
                {a.name}
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
    </>
  );
}

/** The phone home: who I am, where I belong, and for grid workers their grid and its residents. */
export function HomePage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [toast, showToast] = useToast();
  const role = mobileRole(me.roles);
  const isStaff = me.roles.some((r) => STAFF_ROLES.includes(r));
  const showArea = !!me.scope.areaCode && can(me, "areas.read");
  const patrol = me.roles.includes("grid_worker") && can(me, "cases.create");

  const doLogout = async () => {
    try {
      await logout();
    } catch (err) {
      showToast(err instanceof Error ? err.message : String(err));
      return;
    }
    queryClient.clear();
    queryClient.setQueryData(meQueryKey, null);
    navigate("/login", { replace: true });
  };

  return (
    <div className="gz-page" data-testid={`home-${role}`}>
      <div className="gz-hero">
        <div className="gz-hero-top">
          <span>{t("app.fullName")}</span>
          <LanguageToggle />
        </div>
        <h1 data-testid="home-title">{t(`mobile.titles.${role}`)}</h1>
        <p>{t("home.greeting", { name: me.displayName })}</p>
      </div>
      <div className="gz-cards">
        <div className="gz-card" data-testid="profile-card">
          <div className="gz-card-body gz-profile">
            <span className="gz-avatar" aria-hidden>
              {me.displayName.slice(0, 1)}
            </span>
            <div style={{ minWidth: 0 }}>
              <div className="gz-name">{me.displayName}</div>
              <div className="gz-muted">{me.username}</div>
              <div className="gz-tags">
                {me.roles.map((r) => (
                  <Tag key={r} color="primary" fill="outline">
                    {t(`roles.${r}`)}
                  </Tag>
                ))}
              </div>
            </div>
          </div>
          {me.scope.kind === "self" ? null : (
            <List>
              <List.Item extra={<span data-testid="scope-label">{me.scope.label}</span>} arrowIcon={false}>
                {t(`mobile.scopeKinds.${me.scope.kind}`)}
              </List.Item>
            </List>
          )}
        </div>

        <div className="gz-card" data-testid="case-entries">
          <List>
            {patrol ? (
              <List.Item onClick={() => navigate("/patrol")} description={t("report.patrolText")} data-testid="patrol-link">
                {t("report.patrolTitle")}
              </List.Item>
            ) : null}
            {patrol ? null : (
              <>
                <List.Item onClick={() => navigate("/report")} description={t("report.entryText")} data-testid="report-link">
                  {t("report.title")}
                </List.Item>
                <List.Item onClick={() => navigate("/my-cases")} description={t("track.mineText")} data-testid="my-cases-link">
                  {t("track.mine")}
                </List.Item>
              </>
            )}
            <List.Item onClick={() => navigate("/track")} description={t("track.entryText")} data-testid="track-link">
              {t("track.title")}
            </List.Item>
            <InboxEntry />
          </List>
        </div>

        <ServeTiles me={me} />

        {showArea ? <MyArea me={me} /> : null}

        <div className="gz-card">
          <List>
            <List.Item
              onClick={() => void setLanguage(i18n.language === "en" ? "zh-CN" : "en")}
              extra={t(`language.${i18n.language}`)}
              data-testid="language-row"
            >
              {t("language.label")}
            </List.Item>
            <List.Item onClick={() => setPasswordOpen(true)} data-testid="change-password">
              {t("auth.changePassword")}
            </List.Item>
            {isStaff ? (
              <List.Item onClick={() => window.location.assign("/")} description={t("mobile.consoleText")} data-testid="open-console">
                {t("mobile.toConsole")}
              </List.Item>
            ) : null}
          </List>
        </div>
      </div>
      <div className="gz-actions">
        <Button block color="danger" fill="outline" onClick={() => void doLogout()} data-testid="logout">
          {t("auth.logout")}
        </Button>
        <div className="gz-muted" style={{ textAlign: "center" }}>
          {t("app.footer")}
        </div>
      </div>
      <PasswordSheet
        open={passwordOpen || me.mustChangePassword}
        forced={me.mustChangePassword}
        onClose={() => setPasswordOpen(false)}
        onDone={() => {
          setPasswordOpen(false);
          showToast(t("auth.passwordChanged"));
        }}
      />
      {toast}
    </div>
  );
}
