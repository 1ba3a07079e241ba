import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { LoginPage } from "../features/auth/login-page";
import { NotFoundPage } from "../features/errors/not-found-page";
import { HomePage } from "../features/home/home-page";
import type { Permission } from "../shared/types";
import { RequireAuth, RequirePermission } from "./auth-gate";
import { ConsoleLayout } from "./console-layout";
import { PageLoading } from "./ui";

/** Wraps a lazily loaded page so that it renders only for actors with the permission. */
function guarded(permission: Permission, load: () => Promise<ComponentType>) {
  return async () => {
    const Page = await load();
    return {
      element: (
        <RequirePermission permission={permission}>
          <Page />
        </RequirePermission>
      ),
    };
  };
}

/** Routes of the staff console. Pages other than login and home load on demand. */
export function createConsoleRouter() {
  return createBrowserRouter([
    { path: "/login", element: <LoginPage /> },
    {
      path: "/",
      element: (
        <RequireAuth>
          <ConsoleLayout />
        </RequireAuth>
      ),
      hydrateFallbackElement: <PageLoading />,
      children: [
        { index: true, element: <HomePage /> },
        {
          path: "areas",
          lazy: guarded("areas.read", () => import("../features/areas/areas-page").then((m) => m.AreasPage)),
        },
        {
          path: "areas/:code",
          lazy: guarded("areas.read", () => import("../features/areas/area-detail-page").then((m) => m.AreaDetailPage)),
        },
        {
          path: "grids",
          lazy: guarded("areas.read", () => import("../features/grids/grids-page").then((m) => m.GridsPage)),
        },
        {
          path: "grids/map",
          lazy: guarded("areas.read", () => import("../features/grids/grid-map-page").then((m) => m.GridMapPage)),
        },
        {
          path: "party-orgs",
          lazy: guarded("areas.read", () => import("../features/party-orgs/party-orgs-page").then((m) => m.PartyOrgsPage)),
        },
        {
          path: "units",
          lazy: guarded("areas.read", () => import("../features/units/units-page").then((m) => m.UnitsPage)),
        },
        {
          path: "people",
          lazy: guarded("people.read", () => import("../features/people/people-page").then((m) => m.PeoplePage)),
        },
        {
          path: "cases",
          lazy: guarded("cases.read", () => import("../features/cases/cases-page").then((m) => m.CasesPage)),
        },
        {
          path: "cases/:id",
          lazy: guarded("cases.read", () => import("../features/cases/case-page").then((m) => m.CasePage)),
        },
        {
          path: "whistles",
          lazy: guarded("whistles.read", () => import("../features/whistles/whistles-page").then((m) => m.WhistlesPage)),
        },
        {
          path: "whistle-tasks",
          lazy: guarded("whistles.respond", () => import("../features/whistles/tasks-page").then((m) => m.WhistleTasksPage)),
        },
        {
          path: "assessment",
          lazy: guarded("assessment.read", () => import("../features/assessment/assessment-page").then((m) => m.AssessmentPage)),
        },
        {
          path: "settings/case-categories",
          lazy: guarded("categories.manage", () => import("../features/settings/case-categories-page").then((m) => m.CaseCategoriesPage)),
        },
        {
          path: "settings/routing-rules",
          lazy: guarded("routing.manage", () => import("../features/settings/routing-rules-page").then((m) => m.RoutingRulesPage)),
        },
        {
          path: "settings/calendar",
          lazy: guarded("calendar.manage", () => import("../features/settings/calendar-page").then((m) => m.CalendarPage)),
        },
        {
          path: "wishes",
          lazy: guarded("wishes.review", () => import("../features/volunteers/wishes-page").then((m) => m.WishesPage)),
        },
        {
          path: "volunteers",
          lazy: guarded("volunteers.read", () => import("../features/volunteers/volunteers-page").then((m) => m.VolunteersPage)),
        },
        {
          path: "volunteer-activities",
          lazy: guarded("volunteers.read", () => import("../features/volunteers/activities-page").then((m) => m.ActivitiesPage)),
        },
        {
          path: "report-ins",
          lazy: guarded("volunteers.read", () => import("../features/volunteers/report-ins-page").then((m) => m.ReportInsPage)),
        },
        {
          path: "pairings",
          lazy: guarded("volunteers.read", () => import("../features/volunteers/pairings-page").then((m) => m.PairingsPage)),
        },
        {
          path: "points",
          lazy: guarded("points.manage", () => import("../features/volunteers/points-page").then((m) => m.PointsPage)),
        },
        {
          path: "accounts",
          lazy: guarded("accounts.manage", () => import("../features/accounts/accounts-page").then((m) => m.AccountsPage)),
        },
        {
          path: "api-keys",
          lazy: guarded("apikeys.manage", () => import("../features/api-keys/api-keys-page").then((m) => m.ApiKeysPage)),
        },
        {
          path: "audit",
          lazy: guarded("audit.read", () => import("../features/audit/audit-page").then((m) => m.AuditPage)),
        },
        {
          path: "outbox",
          lazy: guarded("outbox.read", () => import("../features/outbox/outbox-page").then((m) => m.OutboxPage)),
        },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);
}
