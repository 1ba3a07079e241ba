// The console navigation, derived from the actor's permissions: a page appears only for those who may open it.
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BorderOuterOutlined,
  BranchesOutlined,
  CalendarOutlined,
  FlagOutlined,
  FormOutlined,
  HeartOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LinkOutlined,
  MailOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import { can } from "../shared/domain";
import type { Me, Permission } from "../shared/types";

export interface NavItem {
  key: string;
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: ReactNode;
  permission?: Permission;
}

export interface NavGroup {
  key: string;
  /** i18n key of the group title; null for the top-level items. */
  label: string | null;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    key: "main",
    label: null,
    items: [{ key: "home", path: "/", label: "nav.home", icon: <HomeOutlined /> }],
  },
  {
    key: "governance",
    label: "nav.groups.governance",
    items: [
      { key: "cases", path: "/cases", label: "nav.cases", icon: <InboxOutlined />, permission: "cases.read" },
      {
        key: "whistle-tasks",
        path: "/whistle-tasks",
        label: "nav.whistleTasks",
        icon: <ScheduleOutlined />,
        permission: "whistles.respond",
      },
      { key: "whistles", path: "/whistles", label: "nav.whistles", icon: <NotificationOutlined />, permission: "whistles.read" },
      { key: "assessment", path: "/assessment", label: "nav.assessment", icon: <BarChartOutlined />, permission: "assessment.read" },
    ],
  },
  {
    key: "party",
    label: "nav.groups.party",
    items: [
      { key: "wishes", path: "/wishes", label: "nav.wishes", icon: <HeartOutlined />, permission: "wishes.review" },
      { key: "volunteers", path: "/volunteers", label: "nav.volunteers", icon: <TeamOutlined />, permission: "volunteers.read" },
      {
        key: "volunteer-activities",
        path: "/volunteer-activities",
        label: "nav.volunteerActivities",
        icon: <CalendarOutlined />,
        permission: "volunteers.read",
      },
      { key: "report-ins", path: "/report-ins", label: "nav.reportIns", icon: <SolutionOutlined />, permission: "volunteers.read" },
      { key: "pairings", path: "/pairings", label: "nav.pairings", icon: <LinkOutlined />, permission: "volunteers.read" },
      { key: "points", path: "/points", label: "nav.points", icon: <AccountBookOutlined />, permission: "points.manage" },
    ],
  },
  {
    key: "registry",
    label: "nav.groups.registry",
    items: [
      { key: "areas", path: "/areas", label: "nav.areas", icon: <ApartmentOutlined />, permission: "areas.read" },
      { key: "grids", path: "/grids", label: "nav.grids", icon: <BorderOuterOutlined />, permission: "areas.read" },
      { key: "party-orgs", path: "/party-orgs", label: "nav.partyOrgs", icon: <FlagOutlined />, permission: "areas.read" },
      { key: "units", path: "/units", label: "nav.units", icon: <BankOutlined />, permission: "areas.read" },
      { key: "people", path: "/people", label: "nav.people", icon: <TeamOutlined />, permission: "people.read" },
    ],
  },
  {
    key: "settings",
    label: "nav.groups.settings",
    items: [
      {
        key: "case-categories",
        path: "/settings/case-categories",
        label: "nav.caseCategories",
        icon: <FormOutlined />,
        permission: "categories.manage",
      },
      {
        key: "routing-rules",
        path: "/settings/routing-rules",
        label: "nav.routingRules",
        icon: <BranchesOutlined />,
        permission: "routing.manage",
      },
      { key: "calendar", path: "/settings/calendar", label: "nav.calendar", icon: <CalendarOutlined />, permission: "calendar.manage" },
    ],
  },
  {
    key: "system",
    label: "nav.groups.system",
    items: [
      {
        key: "accounts",
        path: "/accounts",
        label: "nav.accounts",
        icon: <UserSwitchOutlined />,
        permission: "accounts.manage",
      },
      { key: "api-keys", path: "/api-keys", label: "nav.apiKeys", icon: <KeyOutlined />, permission: "apikeys.manage" },
      { key: "audit", path: "/audit", label: "nav.audit", icon: <AuditOutlined />, permission: "audit.read" },
      { key: "outbox", path: "/outbox", label: "nav.outbox", icon: <MailOutlined />, permission: "outbox.read" },
    ],
  },
];

/** The groups and items this actor may see; empty groups are dropped. */
export function navFor(me: Me): NavGroup[] {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => !i.permission || can(me, i.permission)) })).filter((g) => g.items.length > 0);
}

/** The nav key of a location path: its first segment ("settings" pages by their second), "home" for the root. */
export function navKeyOf(pathname: string): string {
  const [first, second] = pathname.split("/").filter(Boolean);
  return (first === "settings" ? second : first) ?? "home";
}
