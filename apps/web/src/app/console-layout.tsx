import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Button, Drawer, Flex, Grid, Layout, Menu, type MenuProps, Tag, Tooltip, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useNavigate } from "react-router";
import { PasswordModal } from "../features/auth/password-modal";
import { InboxBell } from "../features/inbox/inbox-bell";
import { useMe } from "../shared/query";
import type { Me } from "../shared/types";
import { BRAND } from "./brand";
import { LanguageSwitch } from "./language-switch";
import { navFor, navKeyOf } from "./nav";
import { BrandMark } from "./ui";
import { UserMenu } from "./user-menu";

const SIDER_WIDTH = 216;

/** The product mark: a red seal with 共 and the product name. */
export function Logo({ collapsed = false, dark = true }: { collapsed?: boolean; dark?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex
      align="center"
      gap={10}
      style={{ height: 56, padding: collapsed ? 0 : "0 20px", justifyContent: collapsed ? "center" : "flex-start" }}
    >
      <BrandMark style={{ flex: "none" }} />
      {collapsed ? null : (
        <span style={{ color: dark ? "#fff" : "inherit", fontWeight: 600, fontSize: 16, whiteSpace: "nowrap" }}>{t("app.name")}</span>
      )}
    </Flex>
  );
}

function NavMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const items = useMemo<MenuProps["items"]>(
    () =>
      navFor(me).map((group) => {
        const children = group.items.map((item) => ({
          key: item.key,
          icon: item.icon,
          label: <span data-testid={`nav-${item.key}`}>{t(item.label)}</span>,
          onClick: () => {
            navigate(item.path);
            onNavigate?.();
          },
        }));
        return group.label
          ? { type: "group" as const, key: group.key, label: t(group.label), children }
          : { type: "group" as const, key: group.key, children };
      }),
    [me, t, navigate, onNavigate],
  );
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[navKeyOf(location.pathname)]}
      items={items}
      style={{ borderInlineEnd: 0 }}
      data-testid="nav-menu"
    />
  );
}

/** The console frame: navigation by permission, header with scope, language and user menu. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  if (!me) return null;

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {isPhone ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={SIDER_WIDTH + 24}
          closable={false}
          styles={{ body: { padding: 0, background: BRAND.siderBg } }}
          data-testid="nav-drawer"
        >
          <Logo />
          <NavMenu me={me} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        // The dark sider stretches to the full height of the page; its menu stays in view while the page scrolls.
        <Layout.Sider
          width={SIDER_WIDTH}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          data-testid="nav-sider"
        >
          <div style={{ position: "sticky", top: 0, maxHeight: "100vh", overflowY: "auto", overflowX: "hidden" }}>
            <Logo collapsed={collapsed} />
            <NavMenu me={me} />
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            position: "sticky",
            top: 0,
            zIndex: 10,
            display: "flex",
            alignItems: "center",
            gap: 12,
            borderBottom: "1px solid rgba(5,5,5,0.06)",
          }}
        >
          {isPhone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t("header.openMenu")}
              data-testid="nav-toggle"
            />
          ) : (
            <Tooltip title={collapsed ? t("header.expand") : t("header.collapse")}>
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
                aria-label={collapsed ? t("header.expand") : t("header.collapse")}
                data-testid="nav-toggle"
              />
            </Tooltip>
          )}
          {isPhone ? (
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t("app.name")}
            </Typography.Text>
          ) : me.scope.kind === "self" ? null : (
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <Typography.Text type="secondary">{t(`header.scopeKinds.${me.scope.kind}`)}</Typography.Text>
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="header-scope">
                {me.scope.label}
              </Tag>
            </Flex>
          )}
          <Flex align="center" gap={4} style={{ marginInlineStart: "auto" }}>
            <InboxBell me={me} />
            <LanguageSwitch />
            <UserMenu me={me} compact={isPhone} onChangePassword={() => setPasswordOpen(true)} />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
        <Layout.Footer style={{ textAlign: "center", padding: "12px 24px", color: "rgba(0,0,0,0.45)", fontSize: 12 }}>
          {t("app.footer")}
        </Layout.Footer>
      </Layout>
      <PasswordModal open={passwordOpen || me.mustChangePassword} forced={me.mustChangePassword} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
