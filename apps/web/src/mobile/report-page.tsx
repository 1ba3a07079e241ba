import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, fieldErrors } from "../shared/api";
import type { Me } from "../shared/types";
import { Button, List, NavBar, Skeleton } from "./adm";
import { AttributeQuestions, attributeProblems, missingAnswers } from "./attributes";
import { type AttributeAnswer, currentPosition, type IntakeResult, newIdempotencyKey, useCategories } from "./cases";
import { MapPicker, type PickedPoint } from "./map-picker";
import { CommunityPicker, PhotoPicker } from "./pickers";
import { goBack, navigate } from "./router";
import { Field, onSubmit } from "./ui";

type PlaceMode = "gps" | "area";

/** 我要反映 (residents, with or without an account) and 快速上报 (grid workers on patrol). */
export function ReportPage({ me, patrol = false }: { me: Me | null; patrol?: boolean }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const [key] = useState(newIdempotencyKey);
  const [categoryCode, setCategoryCode] = useState("");
  const [description, setDescription] = useState("");
  const [answers, setAnswers] = useState<Record<string, AttributeAnswer>>({});
  const [photos, setPhotos] = useState<string[]>([]);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [mode, setMode] = useState<PlaceMode>("gps");
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [mapPoint, setMapPoint] = useState<PickedPoint | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [community, setCommunity] = useState("");
  const [address, setAddress] = useState("");
  const [name, setName] = useState(me?.displayName && !patrol ? me.displayName : "");
  const [phone, setPhone] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  // After a first try, each required field shows its message until it is filled.
  const [tried, setTried] = useState(false);
  const descId = useId();
  const catId = useId();

  const groups = useMemo(() => {
    const items = categories.data?.items ?? [];
    const parents = items.filter((c) => !c.parentCode);
    return parents.map((p) => ({ parent: p, children: items.filter((c) => c.parentCode === p.code) }));
  }, [categories.data]);
  const category = categories.data?.items.find((c) => c.code === categoryCode) ?? null;
  const attributes = category?.attributes ?? [];

  const mutation = useMutation({
    mutationFn: () => {
      const contact =
        anonymous || (!name.trim() && !phone.trim()) ? undefined : { name: name.trim() || undefined, phone: phone.trim() || undefined };
      const body = {
        idempotencyKey: key,
        categoryCode: categoryCode || undefined,
        description: description.trim(),
        attributes: answers,
        photos,
        location: mode === "gps" ? (point ?? undefined) : community && mapPoint ? mapPoint : undefined,
        areaCode: mode === "area" && community ? community : undefined,
        address: address.trim() || undefined,
        contact,
        anonymous,
      };
      return patrol
        ? api<IntakeResult>("/api/v1/cases", { method: "POST", body: { ...body, source: "grid_patrol" } })
        : api<IntakeResult>("/api/v1/cases/report", { method: "POST", body, allowUnauthorized: true });
    },
  });
  const gaps = {
    category: !patrol && !categoryCode,
    description: !description.trim(),
    place: !patrol && (mode === "gps" ? !point : !community) && !address.trim(),
  };
  const gapCodes = patrol ? [] : missingAnswers(attributes, answers);
  const missing: Partial<typeof gaps> = tried ? gaps : {};
  const missingCodes = tried ? gapCodes : [];
  const errors = fieldErrors(mutation.error);
  const problems = { ...attributeProblems(mutation.error), ...Object.fromEntries(missingCodes.map((c) => [c, "required"])) };

  const locate = async () => {
    setLocating(true);
    setLocateError(null);
    try {
      setPoint(await currentPosition());
    } catch {
      setLocateError(t("report.locateFailed"));
    } finally {
      setLocating(false);
    }
  };

  const submit = () => {
    setTried(true);
    if (!Object.values(gaps).some(Boolean) && gapCodes.length === 0) mutation.mutate();
  };

  const result = mutation.data;
  if (result) {
    return (
      <div className="gz-page" data-testid="report-done">
        <NavBar onBack={() => navigate("/", { replace: true })} style={{ background: "#fff" }}>
          {t(patrol ? "report.patrolTitle" : "report.title")}
        </NavBar>
        <div className="gz-cards">
          <div className="gz-card">
            <div className="gz-card-body">
              <div className="gz-name">{t("report.done")}</div>
              <div className="gz-muted">{t(patrol ? "report.patrolDoneText" : "report.doneText")}</div>
            </div>
            <List>
              <List.Item extra={<span className="gz-mono">{result.number}</span>} arrowIcon={false}>
                {t("report.number")}
              </List.Item>
              <List.Item
                extra={
                  <span className="gz-mono gz-code" data-testid="tracking-code">
                    {result.trackingCode}
                  </span>
                }
                arrowIcon={false}
              >
                {t("report.trackingCode")}
              </List.Item>
              {result.areaName ? (
                <List.Item extra={result.gridName ? `${result.areaName} · ${result.gridName}` : result.areaName} arrowIcon={false}>
                  {t("report.place")}
                </List.Item>
              ) : null}
            </List>
            <div className="gz-card-body gz-muted">{t("report.keepCode")}</div>
          </div>
        </div>
        <div className="gz-actions">
          <Button
            block
            color="primary"
            onClick={() => navigate(`/track?code=${encodeURIComponent(result.trackingCode)}`)}
            data-testid="go-track"
          >
            {t("report.trackNow")}
          </Button>
          <Button block onClick={() => navigate("/", { replace: true })}>
            {t("common.backHome")}
          </Button>
        </div>
      </div>
    );
  }

  const error = mutation.error;
  return (
    <div className="gz-page" data-testid={patrol ? "patrol-page" : "report-page"}>
      <NavBar onBack={goBack} style={{ background: "#fff", position: "sticky", top: 0, zIndex: 6 }}>
        {t(patrol ? "report.patrolTitle" : "report.title")}
      </NavBar>
      {error ? (
        <div className="gz-error" role="alert" data-testid="report-error">
          {error.message}
          {error instanceof ApiError && error.retryAfterSeconds
            ? ` ${t("auth.retryAfter", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) })}`
            : ""}
        </div>
      ) : null}
      <form className="gz-form" onSubmit={onSubmit(submit)} noValidate>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={catId}>
            {t("report.category")}
            {patrol ? ` ${t("report.optional")}` : ""}
          </label>
          {categories.isPending ? (
            <Skeleton.Paragraph lineCount={1} animated />
          ) : categories.isError ? (
            <span className="gz-field-error">{categories.error.message}</span>
          ) : (
            <select
              id={catId}
              className="gz-select"
              value={categoryCode}
              onChange={(e) => setCategoryCode(e.target.value)}
              data-testid="report-category"
            >
              <option value="">{t("report.choose")}</option>
              {groups.map((g) =>
                g.children.length ? (
                  <optgroup key={g.parent.code} label={g.parent.name}>
                    {g.children.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.name}
                      </option>
                    ))}
                  </optgroup>
                ) : (
                  <option key={g.parent.code} value={g.parent.code}>
                    {g.parent.name}
                  </option>
                ),
              )}
            </select>
          )}
          {missing.category ? (
            <span className="gz-field-error">{t("report.categoryRequired")}</span>
          ) : errors.categoryCode ? (
            <span className="gz-field-error">{errors.categoryCode}</span>
          ) : null}
        </div>

        {category?.description ? <div className="gz-field-help">{category.description}</div> : null}
        <AttributeQuestions attributes={attributes} answers={answers} onChange={setAnswers} problems={problems} />

        <div className="gz-field">
          <label className="gz-field-label" htmlFor={descId}>
            {t("report.description")}
          </label>
          <textarea
            id={descId}
            className="gz-textarea"
            rows={4}
            maxLength={2000}
            value={description}
            placeholder={t("report.descriptionPlaceholder")}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="report-description"
          />
          {missing.description ? (
            <span className="gz-field-error">{t("report.descriptionRequired")}</span>
          ) : errors.description ? (
            <span className="gz-field-error">{errors.description}</span>
          ) : null}
        </div>

        <PhotoPicker photos={photos} onChange={setPhotos} onBusy={setPhotoBusy} error={errors.photos} testId="report-photo-input" />

        <div className="gz-field">
          <span className="gz-field-label">{t("report.location")}</span>
          <div className="gz-segment" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={mode === "gps"}
              className={mode === "gps" ? "on" : ""}
              onClick={() => setMode("gps")}
              data-testid="place-gps"
            >
              {t("report.useLocation")}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={mode === "area"}
              className={mode === "area" ? "on" : ""}
              onClick={() => setMode("area")}
              data-testid="place-area"
            >
              {t("report.pickArea")}
            </button>
          </div>
          {mode === "gps" ? (
            <div className="gz-locate">
              <Button size="small" color="primary" fill="outline" loading={locating} onClick={() => void locate()} data-testid="locate">
                {t("report.locate")}
              </Button>
              <span className="gz-muted" data-testid="point">
                {point ? `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}` : t("report.noPoint")}
              </span>
            </div>
          ) : null}
          {locateError && mode === "gps" ? <span className="gz-field-error">{locateError}</span> : null}
          {errors.location ? <span className="gz-field-error">{errors.location}</span> : null}
        </div>
        {mode === "area" ? (
          <>
            <CommunityPicker
              value={community}
              onChange={(v) => {
                setCommunity(v);
                setMapPoint(null);
              }}
              error={errors.areaCode}
              testIdPrefix="area"
            />
            {community ? <MapPicker key={community} areaCode={community} value={mapPoint} onPick={setMapPoint} /> : null}
          </>
        ) : null}
        <Field
          label={t("report.address")}
          value={address}
          onChange={setAddress}
          placeholder={t("report.addressPlaceholder")}
          error={errors.address}
          testId="report-address"
        />
        {missing.place ? <span className="gz-field-error">{t("report.placeRequired")}</span> : null}

        {patrol ? null : (
          <>
            <label className="gz-switch">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} data-testid="report-anonymous" />
              <span>
                {t("report.anonymous")}
                <span className="gz-field-help" style={{ display: "block" }}>
                  {t("report.anonymousText")}
                </span>
              </span>
            </label>
            {anonymous ? null : (
              <>
                <Field label={t("report.contactName")} value={name} onChange={setName} autoComplete="name" testId="report-name" />
                <Field
                  label={t("report.contactPhone")}
                  value={phone}
                  onChange={setPhone}
                  autoComplete="tel"
                  error={errors.contact}
                  help={t("report.contactHelp")}
                  testId="report-phone"
                />
              </>
            )}
          </>
        )}
        <Button
          block
          type="submit"
          color="primary"
          size="large"
          loading={mutation.isPending}
          disabled={photoBusy}
          data-testid="report-submit"
        >
          {t(patrol ? "report.patrolSubmit" : "report.submit")}
        </Button>
        {mutation.isError ? <div className="gz-muted">{t("report.retryHint")}</div> : null}
      </form>
    </div>
  );
}
