import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { changePassword, fieldErrors } from "../../shared/api";
import { isStrongPassword } from "../../shared/domain";
import { errorMessage, meQueryKey } from "../../shared/query";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Changes the actor's password; when `forced`, it cannot be dismissed (first login or reset by an admin). */
export function PasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: (v: Values) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      message.success(t("auth.passwordChanged"));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      onClose();
    },
    onError: (err) => {
      const fields = fieldErrors(err);
      form.setFields(
        Object.entries(fields)
          .filter(([name]) => name === "currentPassword" || name === "newPassword")
          .map(([name, msg]) => ({ name: name as keyof Values, errors: [msg] })),
      );
    },
  });

  return (
    <Modal
      open={open}
      title={t("auth.changePassword")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => {
        if (forced) return;
        form.resetFields();
        mutation.reset();
        onClose();
      }}
      closable={!forced}
      mask={{ closable: !forced }}
      cancelButtonProps={{ style: forced ? { display: "none" } : undefined }}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      data-testid="password-modal"
    >
      {forced ? <Alert type="warning" showIcon title={t("auth.mustChangePassword")} style={{ marginBottom: 16 }} /> : null}
      {mutation.isError ? <Alert type="error" showIcon title={errorMessage(mutation.error)} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)} preserve={false}>
        <Form.Item name="currentPassword" label={t("auth.currentPassword")} rules={[{ required: true, message: t("validation.required") }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t("auth.newPassword")}
          extra={t("auth.passwordRule")}
          rules={[
            { required: true, message: t("validation.required") },
            {
              validator: (_, value: string | undefined) =>
                !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t("auth.passwordRule"))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t("auth.confirmPassword")}
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("validation.required") },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue("newPassword")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("auth.passwordMismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
