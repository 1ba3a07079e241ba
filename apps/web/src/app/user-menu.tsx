import { LockOutlined, LogoutOutlined, MobileOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Avatar, Button, Dropdown, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { logout } from "../shared/api";
import { primaryRole } from "../shared/domain";
import { meQueryKey } from "../shared/query";
import type { Me } from "../shared/types";

/** The avatar menu in the header: who is signed in, change password, phone entry, log out. */
export function UserMenu({ me, compact, onChangePassword }: { me: Me; compact: boolean; onChangePassword: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const doLogout = async () => {
    try {
      await logout();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
      return;
    }
    queryClient.clear();
    queryClient.setQueryData(meQueryKey, null);
    navigate("/login", { replace: true });
  };

  return (
    <Dropdown
      trigger={["click"]}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: "who",
            disabled: true,
            label: (
              <div style={{ cursor: "default", maxWidth: 240 }}>
                <Typography.Text strong>{me.displayName}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {me.username} · {me.roles.map((r) => t(`roles.${r}`)).join("、")}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {me.scope.label}
                </Typography.Text>
              </div>
            ),
          },
          { type: "divider" },
          {
            key: "password",
            icon: <LockOutlined />,
            label: <span data-testid="change-password">{t("auth.changePassword")}</span>,
            onClick: onChangePassword,
          },
          {
            key: "mobile",
            icon: <MobileOutlined />,
            label: (
              <a href="/m/" data-testid="open-mobile">
                {t("header.mobileEntry")}
              </a>
            ),
          },
          { type: "divider" },
          {
            key: "logout",
            icon: <LogoutOutlined />,
            danger: true,
            label: <span data-testid="logout">{t("auth.logout")}</span>,
            onClick: () => void doLogout(),
          },
        ],
      }}
    >
      <Button type="text" data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: "#c8161d" }}>
            {me.displayName.slice(0, 1)}
          </Avatar>
          {compact ? null : (
            <span style={{ maxWidth: 160, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
              {me.displayName}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                {t(`roles.${primaryRole(me.roles)}`)}
              </Typography.Text>
            </span>
          )}
        </Flex>
      </Button>
    </Dropdown>
  );
}
