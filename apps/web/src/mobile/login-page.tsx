import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, login } from "../shared/api";
import { meQueryKey } from "../shared/query";
import { Button } from "./adm";
import { LanguageToggle } from "./language-toggle";
import { navigate } from "./router";
import { Field, onSubmit } from "./ui";

/** Sign-in on the phone. */
export function LoginPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const mutation = useMutation({
    mutationFn: () => login(username.trim(), password),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      navigate("/", { replace: true });
    },
  });
  const error = mutation.error;
  const retry = error instanceof ApiError ? error.retryAfterSeconds : null;

  const submit = () => {
    const m = { username: !username.trim(), password: !password };
    setMissing(m);
    if (!m.username && !m.password) mutation.mutate();
  };

  return (
    <div className="gz-login">
      <div className="gz-topbar">
        <LanguageToggle dark />
      </div>
      <div className="gz-login-head">
        <div className="gz-mark" aria-hidden>
          {t("app.mark")}
        </div>
        <h1 data-testid="login-title">{t("mobile.loginTitle")}</h1>
        <div className="gz-muted">{t("mobile.loginSubtitle")}</div>
      </div>
      {error ? (
        <div className="gz-error" role="alert" data-testid="login-error">
          {error.message}
          {retry !== null ? ` ${t("auth.retryAfter", { minutes: Math.max(1, Math.ceil(retry / 60)) })}` : ""}
        </div>
      ) : null}
      <form className="gz-form" onSubmit={onSubmit(submit)} noValidate>
        <Field
          label={t("login.username")}
          value={username}
          onChange={(v) => {
            setUsername(v);
            mutation.reset();
          }}
          autoComplete="username"
          placeholder={t("login.usernamePlaceholder")}
          error={missing.username ? t("login.usernameRequired") : null}
          testId="login-username"
        />
        <Field
          label={t("login.password")}
          type="password"
          value={password}
          onChange={(v) => {
            setPassword(v);
            mutation.reset();
          }}
          autoComplete="current-password"
          placeholder={t("login.passwordPlaceholder")}
          error={missing.password ? t("login.passwordRequired") : null}
          testId="login-password"
        />
        <Button block type="submit" color="primary" size="large" loading={mutation.isPending} data-testid="login-submit">
          {t("login.submit")}
        </Button>
      </form>
      <div className="gz-entry">
        <button type="button" onClick={() => navigate("/report")} data-testid="entry-report">
          <strong>{t("report.title")}</strong>
          <span>{t("report.entryText")}</span>
        </button>
        <button type="button" onClick={() => navigate("/track")} data-testid="entry-track">
          <strong>{t("track.title")}</strong>
          <span>{t("track.entryText")}</span>
        </button>
      </div>
      <div className="gz-center" style={{ minHeight: 0 }}>
        <a className="gz-link" href="/">
          {t("mobile.toConsole")}
        </a>
      </div>
    </div>
  );
}
