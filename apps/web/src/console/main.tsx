import "antd/dist/reset.css";
import "./console.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConsoleApp } from "../app/console-app";
import { initI18n } from "../shared/i18n";

const container = document.getElementById("root");
if (!container) throw new Error("#root is missing from index.html");

initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  );
});
