import { App, Form, Input, Radio, Select } from "antd";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import { AREA_BOUND_ROLES, ROLES } from "../../shared/domain";
import type { Account, Role } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { useCreateAccount, useResetPassword, useUpdateAccount } from "./api";

interface AccountValues {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  areaCode?: string;
  status: Account["status"];
}

/** Creates an account (account === null) or edits roles, area, display name and status of one. */
export function AccountFormModal({ open, account, onClose }: { open: boolean; account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountValues>();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const mutation = account ? update : create;
  const rules = useRules();
  const roleOptions = useEnumOptions(ROLES, "roles");
  const roles = Form.useWatch("roles", form) ?? [];
  const areaRequired = roles.some((r) => AREA_BOUND_ROLES.includes(r));

  const submit = async (v: AccountValues) => {
    if (account) {
      await update.mutateAsync({
        id: account.id,
        input: {
          displayName: v.displayName.trim(),
          roles: v.roles,
          areaCode: v.areaCode ?? null,
          status: v.status,
        },
      });
      message.success(t("accounts.updated", { name: v.displayName.trim() }));
    } else {
      await create.mutateAsync({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        roles: v.roles,
        areaCode: v.areaCode ?? null,
      });
      message.success(t("accounts.created", { name: v.username.trim() }));
    }
    onClose();
  };

  return (
    <FormModal<AccountValues>
      open={open}
      title={account ? t("accounts.edit", { name: account.username }) : t("accounts.create")}
      form={form}
      save={mutation}
      onClose={onClose}
      initialValues={
        account
          ? {
              username: account.username,
              displayName: account.displayName,
              roles: account.roles,
              areaCode: account.areaCode ?? undefined,
              status: account.status,
            }
          : { roles: [], status: "active" }
      }
      onFinish={submit}
      data-testid="account-form-modal"
    >
      <Form.Item
        name="username"
        label={t("accounts.columns.username")}
        extra={account ? undefined : t("accounts.usernameRule")}
        rules={[
          { required: true, message: t("validation.required") },
          { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t("accounts.usernameRule") },
        ]}
      >
        <Input disabled={!!account} autoComplete="off" data-testid="account-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t("accounts.columns.displayName")} rules={rules.text(64)}>
        <Input data-testid="account-display-name" />
      </Form.Item>
      {account ? null : (
        <Form.Item name="password" label={t("accounts.initialPassword")} extra={t("auth.passwordRule")} rules={rules.password}>
          <Input.Password autoComplete="new-password" data-testid="account-password" />
        </Form.Item>
      )}
      <Form.Item
        name="roles"
        label={t("accounts.columns.roles")}
        rules={[{ required: true, type: "array", min: 1, message: t("accounts.rolesRequired") }]}
      >
        <Select mode="multiple" options={roleOptions} optionFilterProp="label" data-testid="account-roles" />
      </Form.Item>
      <Form.Item
        name="areaCode"
        label={t("accounts.columns.area")}
        extra={areaRequired ? t("accounts.areaRequired") : t("accounts.areaOptional")}
        rules={[{ required: areaRequired, message: t("accounts.areaRequired") }]}
      >
        <AreaSelect testId="account-area" />
      </Form.Item>
      {account ? (
        <Form.Item name="status" label={t("common.status")}>
          <Radio.Group
            optionType="button"
            disabled={!account.abilities.disable}
            options={[
              { value: "active", label: t("accounts.status.active") },
              { value: "disabled", label: t("accounts.status.disabled") },
            ]}
          />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

/** Sets a new password for another account (the holder must change it at next sign-in, if the server says so). */
export function ResetPasswordModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();

  return (
    <FormModal<{ password: string }>
      open={!!account}
      title={t("accounts.resetPasswordFor", { name: account?.username ?? "" })}
      form={form}
      save={reset}
      onClose={onClose}
      onFinish={async (v) => {
        if (!account) return;
        await reset.mutateAsync({ id: account.id, password: v.password });
        message.success(t("accounts.passwordReset", { name: account.username }));
        onClose();
      }}
      data-testid="reset-password-modal"
    >
      <Form.Item name="password" label={t("auth.newPassword")} extra={t("auth.passwordRule")} rules={rules.password}>
        <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
      </Form.Item>
    </FormModal>
  );
}
