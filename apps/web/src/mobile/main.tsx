import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { initI18n } from "../shared/i18n";
import { MOBILE_LOCALES } from "./locales";
import { MobileApp } from "./mobile-app";

const container = document.getElementById("root");
if (!container) throw new Error("#root is missing from m/index.html");

initI18n(MOBILE_LOCALES).then(() => {
  createRoot(container).render(
    <StrictMode>
      <MobileApp />
    </StrictMode>,
  );
});
