import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { BackHomeButton } from "../../app/ui";

/** Shown for any console path that does not exist. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t("errors.notFoundText")} extra={<BackHomeButton />} data-testid="not-found" />;
}
