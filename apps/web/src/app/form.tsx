// Building blocks of the console's forms: the dialog that saves one, the server's field errors, common rules and options.
import { Alert, Form, type FormInstance, type FormProps, Modal } from "antd";
import type { Rule } from "antd/es/form";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../shared/api";
import { isStrongPassword } from "../shared/domain";
import { errorMessage } from "../shared/query";

/** What a form dialog needs of the mutation that saves it. */
interface SaveState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * A dialog with a vertical form, saved with 保存: `onFinish` receives the validated values. When saving fails, the
 * error shows above the form and its field errors on the fields; the error is cleared each time the dialog opens.
 */
export function FormModal<V>({
  open,
  title,
  form,
  save,
  onClose,
  onFinish,
  initialValues,
  width,
  formTestId,
  "data-testid": testId,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  save: SaveState;
  onClose: () => void;
  onFinish: (values: V) => Promise<void> | void;
  initialValues?: FormProps<V>["initialValues"];
  width?: number;
  formTestId?: string;
  "data-testid": string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const reset = save.reset;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  return (
    <Modal
      open={open}
      title={title}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={width}
      data-testid={testId}
    >
      {save.isError ? (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form<V>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={initialValues}
        onFinish={async (v) => {
          try {
            await onFinish(v);
          } catch (err) {
            showFieldErrors(form, err);
          }
        }}
        data-testid={formTestId}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** Shows the field errors of a failed save on the form's fields of those names (the form ignores other names). */
function showFieldErrors(form: FormInstance, error: unknown) {
  form.setFields(
    Object.entries(fieldErrors(error))
      .filter(([, message]) => message)
      .map(([name, message]) => ({ name, errors: [message] })),
  );
}

/** The validation rules the forms share, with their localized messages. */
export function useRules() {
  const { t } = useTranslation();
  const required: Rule[] = [{ required: true, message: t("validation.required") }];
  const max = (n: number): Rule => ({ max: n, message: t("validation.max", { max: n }) });
  return {
    required,
    /** A required text (blanks alone do not count) of at most `n` characters. */
    text: (n: number): Rule[] => [{ required: true, whitespace: true, message: t("validation.required") }, max(n)],
    /** An optional text of at most `n` characters. */
    max: (n: number): Rule[] => [max(n)],
    /** An optional text that, once filled in, must pass `test`. */
    valid: (test: (value: string) => boolean, message: string): Rule[] => [
      {
        validator: (_: unknown, value: string | undefined) =>
          !value?.trim() || test(value) ? Promise.resolve() : Promise.reject(new Error(message)),
      },
    ],
    /** A required password that meets the password policy. */
    password: [
      ...required,
      {
        validator: (_: unknown, value: string | undefined) =>
          !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t("auth.passwordRule"))),
      },
    ] as Rule[],
  };
}

/** Select options of an enumeration, each labelled `<labels>.<value>`. */
export function useEnumOptions<V extends string>(values: readonly V[], labels: string) {
  const { t } = useTranslation();
  return values.map((value) => {
    const key: string = `${labels}.${value}`;
    return { value, label: t(key) };
  });
}
