import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { changePassword, fieldErrors } from "../shared/api";
import { isStrongPassword } from "../shared/domain";
import { meQueryKey } from "../shared/query";
import { Button } from "./adm";
import { Field, onSubmit, Sheet } from "./ui";

/** Changes the actor's own password from the phone; when `forced` it cannot be dismissed. */
export function PasswordSheet({
  open,
  forced,
  onClose,
  onDone,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const mutation = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: async () => {
      setCurrent("");
      setNext("");
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      onDone();
    },
    onError: (err) => {
      const f = fieldErrors(err);
      setErrors({ current: f.currentPassword, next: f.newPassword });
    },
  });

  const submit = () => {
    const e = {
      current: current ? undefined : t("validation.required"),
      next: !next ? t("validation.required") : isStrongPassword(next) ? undefined : t("auth.passwordRule"),
    };
    setErrors(e);
    if (!e.current && !e.next) mutation.mutate();
  };

  return (
    <Sheet open={open} onClose={forced ? undefined : onClose} title={t("auth.changePassword")} testId="password-sheet">
      {forced ? (
        <div className="gz-muted" style={{ padding: "0 16px 8px" }}>
          {t("auth.mustChangePassword")}
        </div>
      ) : null}
      {mutation.isError ? (
        <div className="gz-error" role="alert">
          {mutation.error.message}
        </div>
      ) : null}
      <form className="gz-form" onSubmit={onSubmit(submit)} noValidate>
        <Field
          label={t("auth.currentPassword")}
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          error={errors.current}
        />
        <Field
          label={t("auth.newPassword")}
          type="password"
          value={next}
          onChange={setNext}
          autoComplete="new-password"
          error={errors.next}
          help={t("auth.passwordRule")}
        />
        <Button block type="submit" color="primary" loading={mutation.isPending}>
          {t("common.save")}
        </Button>
        {forced ? null : (
          <Button block fill="none" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        )}
      </form>
    </Sheet>
  );
}
