import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { initI18n } from "../shared/i18n";
import { MobileApp } from "./mobile-app";

const container = document.getElementById("root");
if (!container) throw new Error("#root is missing from m/index.html");

initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <MobileApp />
    </StrictMode>,
  );
});
