// What each role's home page shows: quick links to pages that exist, figures and a panel.
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  InboxOutlined,
  KeyOutlined,
  LockOutlined,
  MobileOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserAddOutlined,
  UsergroupAddOutlined,
  UserSwitchOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Permission, Role } from "../../shared/types";

export type LinkKey =
  | "areas"
  | "areaDetail"
  | "gridMap"
  | "partyOrgs"
  | "units"
  | "people"
  | "peopleCreate"
  | "accounts"
  | "accountsCreate"
  | "apiKeys"
  | "audit"
  | "mobile"
  | "password"
  | "cases"
  | "casesOverdue"
  | "whistleTasks"
  | "assessment";

export type StatKey = "subAreas" | "people" | "accounts" | "apiKeys" | "audit";
export type PanelKey = "people" | "audit";

export interface QuickLink {
  /** A console route (`{scope}` stands for the actor's area code), an external page (the mobile entry) or an action handled by the home page. */
  to?: string;
  href?: string;
  action?: "password";
  icon: ReactNode;
  permission?: Permission;
  color: string;
}

export const LINKS: Record<LinkKey, QuickLink> = {
  areas: { to: "/areas", icon: <ApartmentOutlined />, permission: "areas.read", color: "#1677ff" },
  areaDetail: { to: "/areas/{scope}", icon: <ProfileOutlined />, permission: "areas.read", color: "#c8161d" },
  gridMap: { to: "/grids/map", icon: <EnvironmentOutlined />, permission: "areas.read", color: "#389e0d" },
  partyOrgs: { to: "/party-orgs", icon: <FlagOutlined />, permission: "areas.read", color: "#cf1322" },
  units: { to: "/units", icon: <BankOutlined />, permission: "areas.read", color: "#d46b08" },
  people: { to: "/people", icon: <TeamOutlined />, permission: "people.read", color: "#13a8a8" },
  peopleCreate: { to: "/people?create=1", icon: <UserAddOutlined />, permission: "people.write", color: "#52c41a" },
  accounts: { to: "/accounts", icon: <UserSwitchOutlined />, permission: "accounts.manage", color: "#722ed1" },
  accountsCreate: {
    to: "/accounts?create=1",
    icon: <UsergroupAddOutlined />,
    permission: "accounts.manage",
    color: "#eb2f96",
  },
  apiKeys: { to: "/api-keys", icon: <KeyOutlined />, permission: "apikeys.manage", color: "#fa8c16" },
  cases: { to: "/cases", icon: <InboxOutlined />, permission: "cases.read", color: "#c8161d" },
  casesOverdue: { to: "/cases?overdue=true", icon: <InboxOutlined />, permission: "cases.read", color: "#d4380d" },
  whistleTasks: { to: "/whistle-tasks", icon: <InboxOutlined />, permission: "whistles.respond", color: "#d46b08" },
  assessment: { to: "/assessment", icon: <BarChartOutlined />, permission: "assessment.read", color: "#08979c" },
  audit: { to: "/audit", icon: <AuditOutlined />, permission: "audit.read", color: "#c8161d" },
  mobile: { href: "/m/", icon: <MobileOutlined />, color: "#2f54eb" },
  password: { action: "password", icon: <LockOutlined />, color: "#8c8c8c" },
};

export const STAT_PERMISSION: Record<StatKey, Permission> = {
  subAreas: "areas.read",
  people: "people.read",
  accounts: "accounts.manage",
  apiKeys: "apikeys.manage",
  audit: "audit.read",
};

export interface RoleHome {
  links: LinkKey[];
  stats: StatKey[];
  panel: PanelKey | null;
}

export const ROLE_HOME: Record<Role, RoleHome> = {
  community_staff: {
    links: [
      "cases",
      "casesOverdue",
      "assessment",
      "areaDetail",
      "people",
      "peopleCreate",
      "gridMap",
      "partyOrgs",
      "units",
      "areas",
      "mobile",
    ],
    stats: ["subAreas", "people"],
    panel: "people",
  },
  street_staff: {
    links: [
      "cases",
      "casesOverdue",
      "assessment",
      "areaDetail",
      "areas",
      "gridMap",
      "partyOrgs",
      "units",
      "people",
      "peopleCreate",
      "mobile",
    ],
    stats: ["subAreas", "people"],
    panel: "people",
  },
  grid_worker: {
    links: ["cases", "people", "peopleCreate", "gridMap", "areaDetail", "units", "mobile"],
    stats: ["subAreas", "people"],
    panel: "people",
  },
  department: { links: ["whistleTasks", "cases", "casesOverdue", "assessment", "areas", "password"], stats: ["subAreas"], panel: null },
  leader: {
    links: ["cases", "casesOverdue", "assessment", "areaDetail", "gridMap", "partyOrgs", "units", "areas", "people", "audit"],
    stats: ["subAreas", "people", "audit"],
    panel: "audit",
  },
  admin: {
    links: ["accounts", "accountsCreate", "apiKeys", "audit", "areas", "people"],
    stats: ["accounts", "apiKeys", "audit", "people"],
    panel: "audit",
  },
  unit_rep: { links: ["areas", "password"], stats: ["subAreas"], panel: null },
  party_member: { links: ["mobile", "password"], stats: [], panel: null },
  volunteer: { links: ["mobile", "password"], stats: [], panel: null },
  resident: { links: ["mobile", "password"], stats: [], panel: null },
};
