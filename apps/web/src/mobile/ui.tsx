// Small pieces of the phone UI that antd-mobile would bring in with heavy animation libraries.
import { type FormEvent, type ReactNode, useEffect, useId, useState } from "react";
import { Input } from "./adm";

/** A bottom sheet over a dimmed page. */
export function Sheet({
  open,
  onClose,
  title,
  children,
  testId,
}: {
  open: boolean;
  onClose?: () => void;
  title: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  useEffect(() => {
    if (!open || !onClose) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);
  if (!open) return null;
  return (
    <div className="gz-sheet-root" data-testid={testId}>
      <div className="gz-sheet-mask" onClick={onClose} aria-hidden />
      <div className="gz-sheet" role="dialog" aria-modal="true">
        <div className="gz-sheet-title">{title}</div>
        {children}
      </div>
    </div>
  );
}

/** A short message at the top of the screen; `show` returns after it is scheduled to disappear. */
export function useToast(): [ReactNode, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!text) return;
    const timer = window.setTimeout(() => setText(null), 2500);
    return () => window.clearTimeout(timer);
  }, [text]);
  const node = text ? (
    <div className="gz-toast" role="status">
      {text}
    </div>
  ) : null;
  return [node, setText];
}

/** A labelled input with an error line, for the plain forms of the phone entry. */
export function Field({
  label,
  value,
  onChange,
  error,
  type = "text",
  autoComplete,
  placeholder,
  help,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  type?: "text" | "password";
  autoComplete?: string;
  placeholder?: string;
  help?: string;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="gz-field">
      <label className="gz-field-label" htmlFor={id}>
        {label}
      </label>
      <Input
        id={id}
        value={value}
        onChange={onChange}
        type={type}
        clearable
        autoComplete={autoComplete}
        placeholder={placeholder}
        data-testid={testId}
      />
      {error ? <span className="gz-field-error">{error}</span> : help ? <span className="gz-field-help">{help}</span> : null}
    </div>
  );
}

/** Prevents the browser's submit and calls the handler. */
export function onSubmit(handler: () => void) {
  return (e: FormEvent) => {
    e.preventDefault();
    handler();
  };
}
