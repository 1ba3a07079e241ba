import { Alert, App, Form, Input, Modal, Radio, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../shared/api";
import { AREA_BOUND_ROLES, isStrongPassword, ROLES } from "../../shared/domain";
import { errorMessage } from "../../shared/query";
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

const FIELDS = ["username", "displayName", "password", "roles", "areaCode", "status"] as const;

function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

function passwordRules(t: (key: string) => string) {
  return [
    { required: true, message: t("validation.required") },
    {
      validator: (_: unknown, value: string | undefined) =>
        !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t("auth.passwordRule"))),
    },
  ];
}

/** Creates an account (account === null) or edits roles, area, display name and status of one. */
export function AccountFormModal({ open, account, onClose }: { open: boolean; account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountValues>();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const mutation = account ? update : create;
  const roleOptions = useRoleOptions();
  const roles = Form.useWatch("roles", form) ?? [];
  const areaRequired = roles.some((r) => AREA_BOUND_ROLES.includes(r));

  useEffect(() => {
    if (open) {
      create.reset();
      update.reset();
    }
  }, [open, create.reset, update.reset]);

  const submit = async (v: AccountValues) => {
    try {
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
    } catch (err) {
      const fields = fieldErrors(err);
      form.setFields(FIELDS.filter((f) => fields[f]).map((f) => ({ name: f, errors: [fields[f] as string] })));
    }
  };

  return (
    <Modal
      open={open}
      title={account ? t("accounts.edit", { name: account.username }) : t("accounts.create")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      data-testid="account-form-modal"
    >
      {mutation.isError ? (
        <Alert type="error" showIcon title={errorMessage(mutation.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<AccountValues>
        form={form}
        layout="vertical"
        preserve={false}
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
        onFinish={(v) => void submit(v)}
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
        <Form.Item
          name="displayName"
          label={t("accounts.columns.displayName")}
          rules={[
            { required: true, whitespace: true, message: t("validation.required") },
            { max: 64, message: t("validation.max", { max: 64 }) },
          ]}
        >
          <Input data-testid="account-display-name" />
        </Form.Item>
        {account ? null : (
          <Form.Item name="password" label={t("accounts.initialPassword")} extra={t("auth.passwordRule")} rules={passwordRules(t)}>
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
      </Form>
    </Modal>
  );
}

/** Sets a new password for another account (the holder must change it at next sign-in, if the server says so). */
export function ResetPasswordModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();

  useEffect(() => {
    if (account) reset.reset();
  }, [account, reset.reset]);

  return (
    <Modal
      open={!!account}
      title={t("accounts.resetPasswordFor", { name: account?.username ?? "" })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
      data-testid="reset-password-modal"
    >
      {reset.isError ? <Alert type="error" showIcon title={errorMessage(reset.error)} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async (v) => {
          if (!account) return;
          try {
            await reset.mutateAsync({ id: account.id, password: v.password });
            message.success(t("accounts.passwordReset", { name: account.username }));
            onClose();
          } catch (err) {
            const fields = fieldErrors(err);
            if (fields.password) form.setFields([{ name: "password", errors: [fields.password] }]);
          }
        }}
      >
        <Form.Item name="password" label={t("auth.newPassword")} extra={t("auth.passwordRule")} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
