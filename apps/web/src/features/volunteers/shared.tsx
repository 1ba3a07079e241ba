// Console pieces shared by the pages of party members and volunteers at work.
import { Alert, Button, Form, Input, Modal, Select, Tag } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../shared/query";
import { COMMON_SKILLS } from "./api";

/** A tag labelled `volunteers.enums.<group>.<value>`. */
export function EnumTag({ group, value, color }: { group: string; value: string; color?: string }) {
  const { t } = useTranslation();
  return <Tag color={color}>{t(`volunteers.enums.${group}.${value}`)}</Tag>;
}

/** Select options of an enumeration labelled `volunteers.enums.<group>.<value>`. */
export function useEnum(group: string, values: readonly string[]) {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`volunteers.enums.${group}.${value}`) }));
}

/** Skills: pick common ones or type others. */
export function SkillsSelect({
  value,
  onChange,
  single = false,
  placeholder,
  style,
  testId,
}: {
  value?: string[] | string;
  onChange?: (v: string[] | string | undefined) => void;
  single?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const options = COMMON_SKILLS.map((s) => ({ value: s, label: s }));
  if (single)
    return (
      <Select
        allowClear
        showSearch
        value={value as string | undefined}
        onChange={(v) => onChange?.(v ?? undefined)}
        options={options}
        placeholder={placeholder}
        style={style}
        data-testid={testId}
      />
    );
  return (
    <Select
      mode="tags"
      value={value as string[] | undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      placeholder={placeholder}
      style={style}
      tokenSeparators={[",", "，", "、"]}
      data-testid={testId}
    />
  );
}

/**
 * A yes/no decision with an optional reason: 通过 / 不通过 (or any two labels). `onDecide(yes, reason)` returns a
 * promise; the dialog closes when it resolves and shows the error when it rejects.
 */
export function DecideModal({
  open,
  title,
  children,
  yesLabel,
  noLabel,
  onDecide,
  onClose,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  yesLabel: string;
  noLabel: string;
  onDecide: (yes: boolean, reason?: string) => Promise<unknown>;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<"yes" | "no" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const decide = async (yes: boolean) => {
    setBusy(yes ? "yes" : "no");
    setError(null);
    try {
      await onDecide(yes, reason.trim() || undefined);
      setReason("");
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <ModalButton key="no" danger loading={busy === "no"} onClick={() => void decide(false)} testId={`${testId}-no`}>
          {noLabel}
        </ModalButton>,
        <ModalButton key="yes" primary loading={busy === "yes"} onClick={() => void decide(true)} testId={`${testId}-yes`}>
          {yesLabel}
        </ModalButton>,
      ]}
      data-testid={testId}
    >
      {error ? <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} /> : null}
      {children}
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t("volunteers.console.reason")}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid={`${testId}-reason`}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ModalButton({
  primary,
  danger,
  loading,
  onClick,
  testId,
  children,
}: {
  primary?: boolean;
  danger?: boolean;
  loading: boolean;
  onClick: () => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Button type={primary ? "primary" : "default"} danger={danger} loading={loading} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}

/** Days between an ISO time and now, rounded down. */
export function daysSince(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.now() - new Date(iso).getTime();
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 86_400_000)) : null;
}
