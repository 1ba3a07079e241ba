// The pickers of the phone pages: one level of the area choice, the community choice, and photos.
import { type ChangeEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type CaseArea, MAX_PHOTOS, resizePhoto, useCaseAreas } from "./cases";

/** One level of the area choice on the phone pages; the parent's children, loaded when the parent is chosen. */
function AreaLevelSelect({
  label,
  parent,
  value,
  onChange,
  testId,
}: {
  label: string;
  parent: string | null;
  value: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const areas = useCaseAreas(parent);
  const id = useId();
  return (
    <div className="gz-field">
      <label className="gz-field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="gz-select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{areas.isPending ? t("common.loading") : t("report.choose")}</option>
        {(areas.data?.items ?? []).map((a: CaseArea) => (
          <option key={a.code} value={a.code}>
            {a.name}
          </option>
        ))}
      </select>
      {areas.isError ? <span className="gz-field-error">{areas.error.message}</span> : null}
    </div>
  );
}

/** Up to MAX_PHOTOS photos taken or picked on the phone, scaled down to JPEG data URLs. */
export function PhotoPicker({
  photos,
  onChange,
  onBusy,
  error: serverError,
  testId,
}: {
  photos: string[];
  onChange: (p: string[]) => void;
  /** told while photos are being scaled down, so a form can wait for them */
  onBusy?: (busy: boolean) => void;
  /** the server's message about the photos, if any */
  error?: string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []).slice(0, MAX_PHOTOS - photos.length);
    e.target.value = "";
    if (!files.length) return;
    setBusy(true);
    onBusy?.(true);
    setError(null);
    try {
      const urls: string[] = [];
      for (const f of files) urls.push(await resizePhoto(f));
      onChange([...photos, ...urls].slice(0, MAX_PHOTOS));
    } catch {
      setError(t("report.photoFailed"));
    } finally {
      setBusy(false);
      onBusy?.(false);
    }
  };
  return (
    <div className="gz-field">
      <span className="gz-field-label">{t("report.photos", { count: photos.length, max: MAX_PHOTOS })}</span>
      <div className="gz-photos">
        {photos.map((src, i) => (
          <div className="gz-photo" key={src.slice(-64)}>
            <img src={src} alt="" />
            <button
              type="button"
              className="gz-photo-remove"
              aria-label={t("report.removePhoto")}
              onClick={() => onChange(photos.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        {photos.length < MAX_PHOTOS ? (
          <label className="gz-photo gz-photo-add">
            <input type="file" accept="image/*" capture="environment" multiple onChange={(e) => void add(e)} data-testid={testId} />
            <span>{busy ? t("common.loading") : `+ ${t("report.addPhoto")}`}</span>
          </label>
        ) : null}
      </div>
      {error || serverError ? <span className="gz-field-error">{error ?? serverError}</span> : null}
    </div>
  );
}

/** District → street → community, one select after the other; `onChange` gets the community's code (or ""). */
export function CommunityPicker({
  value,
  onChange,
  error,
  testIdPrefix = "pick",
}: {
  value: string;
  onChange: (code: string) => void;
  error?: string | null;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const [district, setDistrict] = useState("");
  const [street, setStreet] = useState("");
  return (
    <>
      <AreaLevelSelect
        label={t("report.district")}
        parent={null}
        value={district}
        onChange={(v) => {
          setDistrict(v);
          setStreet("");
          onChange("");
        }}
        testId={`${testIdPrefix}-district`}
      />
      {district ? (
        <AreaLevelSelect
          key={district}
          label={t("report.street")}
          parent={district}
          value={street}
          onChange={(v) => {
            setStreet(v);
            onChange("");
          }}
          testId={`${testIdPrefix}-street`}
        />
      ) : null}
      {street ? (
        <AreaLevelSelect
          key={street}
          label={t("report.community")}
          parent={street}
          value={value}
          onChange={onChange}
          testId={`${testIdPrefix}-community`}
        />
      ) : null}
      {error ? <span className="gz-field-error">{error}</span> : null}
    </>
  );
}
