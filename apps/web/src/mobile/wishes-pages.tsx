// 微心愿 on the phone: browse published wishes and claim one, fulfil a claimed wish with a note and photos;
// residents post a wish and confirm its fulfilment.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CLAIMANT_KINDS,
  useMyVolunteer,
  useVPost,
  useWish,
  useWishes,
  vKeys,
  WISH_CATEGORIES,
  type Wish,
} from "../features/volunteers/api";
import { ApiError, fieldErrors } from "../shared/api";
import { can } from "../shared/domain";
import { formatDateTime } from "../shared/format";
import type { Me } from "../shared/types";
import { Button, List, Tag } from "./adm";
import { navigate, useLocation } from "./router";
import { EmptyBlock, PhotoPicker, QueryBody, Segment, ServePage, SubmitButton } from "./serve-ui";
import { onSubmit } from "./ui";

const STATUS_TAG: Record<Wish["status"], string> = {
  submitted: "warning",
  declined: "danger",
  published: "primary",
  claimed: "primary",
  fulfilled: "warning",
  confirmed: "success",
  cancelled: "default",
};

function WishStatus({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_TAG[wish.status]} data-testid="wish-status">
      {t(`volunteers.enums.wishStatus.${wish.status}`)}
    </Tag>
  );
}

function WishRow({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  return (
    <List.Item
      onClick={() => navigate(`/wishes/${wish.id}`)}
      description={`${t(`volunteers.enums.wishCategory.${wish.category}`)} · ${wish.areaName}`}
      extra={<WishStatus wish={wish} />}
      data-testid="wish-item"
    >
      {wish.title}
    </List.Item>
  );
}

type WishTab = "open" | "mine";

/** 微心愿: the published wishes waiting for someone (to claim), and my own (posted or claimed). */
export function WishesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { params } = useLocation();
  const mayClaim = can(me, "wishes.claim");
  const tab: WishTab = params.get("tab") === "mine" || !mayClaim ? "mine" : "open";
  const query = useWishes(tab === "mine" ? { mine: true, pageSize: 50 } : { status: "published", pageSize: 50 });
  const items = query.data?.items ?? [];
  return (
    <ServePage
      title={t("volunteers.m.wishes")}
      testId="wishes-page"
      right={
        me.roles.includes("resident") ? (
          <button type="button" className="gz-lang dark" onClick={() => navigate("/wishes/new")} data-testid="wish-new-link">
            {t("volunteers.m.postWish")}
          </button>
        ) : null
      }
    >
      {mayClaim ? (
        <div style={{ padding: "12px 12px 0" }}>
          <Segment<WishTab>
            values={["open", "mine"]}
            value={tab}
            onChange={(v) => navigate(v === "mine" ? "/wishes?tab=mine" : "/wishes", { replace: true })}
            label={(v) => t(`volunteers.m.wishTabs.${v}`)}
            testId="wish-tab"
          />
        </div>
      ) : null}
      <QueryBody query={query}>
        {() =>
          items.length === 0 ? (
            <EmptyBlock
              title={t(tab === "mine" ? "volunteers.m.noMyWishes" : "volunteers.m.noOpenWishes")}
              action={
                tab === "mine" && !mayClaim ? (
                  <Button color="primary" onClick={() => navigate("/wishes/new")}>
                    {t("volunteers.m.postWish")}
                  </Button>
                ) : undefined
              }
            />
          ) : (
            <div className="gz-card gz-list-card">
              <List>
                {items.map((w) => (
                  <WishRow key={w.id} wish={w} />
                ))}
              </List>
              {query.data && query.data.total > items.length ? (
                <div className="gz-more gz-muted">{t("volunteers.m.moreWishes", { count: query.data.total - items.length })}</div>
              ) : null}
            </div>
          )
        }
      </QueryBody>
      {tab === "open" ? (
        <div className="gz-muted" style={{ padding: "0 16px" }}>
          {t("volunteers.m.privacyHint")}
        </div>
      ) : null}
    </ServePage>
  );
}

/** 许个心愿: a resident posts a small wish; staff review it before it is published without their name. */
export function WishPostPage() {
  const { t } = useTranslation();
  const [category, setCategory] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [value, setValue] = useState("");
  const [tried, setTried] = useState(false);
  const post = useVPost<object, Wish>([vKeys.wishes]);
  const ids = { category: useId(), title: useId(), description: useId(), value: useId() };
  const errors = fieldErrors(post.error);
  const gaps = { category: !category, title: !title.trim(), description: !description.trim() };
  const valueNumber = value.trim() ? Number(value) : undefined;
  const badValue = valueNumber !== undefined && (!Number.isFinite(valueNumber) || valueNumber < 0);
  const submit = () => {
    setTried(true);
    if (Object.values(gaps).some(Boolean) || badValue) return;
    post.mutate({
      path: "/api/v1/wishes",
      body: { category, title: title.trim(), description: description.trim(), estimatedValue: valueNumber },
    });
  };
  if (post.data) {
    return (
      <ServePage title={t("volunteers.m.postWish")} testId="wish-posted">
        <div className="gz-cards" style={{ marginTop: 12 }}>
          <div className="gz-card">
            <div className="gz-card-body">
              <div className="gz-name">{t("volunteers.m.wishPosted")}</div>
              <div className="gz-muted">{t("volunteers.m.wishPostedText")}</div>
            </div>
          </div>
        </div>
        <div className="gz-actions">
          <Button
            block
            color="primary"
            onClick={() => navigate(`/wishes/${post.data.id}`, { replace: true })}
            data-testid="wish-posted-open"
          >
            {t("volunteers.m.viewWish")}
          </Button>
          <Button block onClick={() => navigate("/", { replace: true })}>
            {t("common.backHome")}
          </Button>
        </div>
      </ServePage>
    );
  }
  return (
    <ServePage title={t("volunteers.m.postWish")} testId="wish-post-page">
      <div className="gz-muted" style={{ padding: "12px 16px 0" }}>
        {t("volunteers.m.postWishText")}
      </div>
      {post.isError ? (
        <div className="gz-error" role="alert" style={{ marginTop: 12 }} data-testid="wish-post-error">
          {post.error.message}
        </div>
      ) : null}
      <form className="gz-form" onSubmit={onSubmit(submit)} noValidate>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={ids.category}>
            {t("volunteers.fields.wishCategory")}
          </label>
          <select
            id={ids.category}
            className="gz-select"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            data-testid="wish-category"
          >
            <option value="">{t("report.choose")}</option>
            {WISH_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`volunteers.enums.wishCategory.${c}`)}
              </option>
            ))}
          </select>
          {tried && gaps.category ? <span className="gz-field-error">{t("validation.required")}</span> : null}
        </div>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={ids.title}>
            {t("volunteers.fields.wishTitle")}
          </label>
          <input
            id={ids.title}
            className="gz-select"
            value={title}
            maxLength={60}
            placeholder={t("volunteers.m.wishTitlePlaceholder")}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="wish-title"
          />
          {tried && gaps.title ? (
            <span className="gz-field-error">{t("validation.required")}</span>
          ) : errors.title ? (
            <span className="gz-field-error">{errors.title}</span>
          ) : null}
        </div>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={ids.description}>
            {t("volunteers.fields.wishDescription")}
          </label>
          <textarea
            id={ids.description}
            className="gz-textarea"
            rows={4}
            maxLength={1000}
            value={description}
            placeholder={t("volunteers.m.wishDescriptionPlaceholder")}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="wish-description"
          />
          {tried && gaps.description ? (
            <span className="gz-field-error">{t("validation.required")}</span>
          ) : errors.description ? (
            <span className="gz-field-error">{errors.description}</span>
          ) : null}
        </div>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={ids.value}>
            {t("volunteers.fields.estimatedValue")} {t("report.optional")}
          </label>
          <input
            id={ids.value}
            className="gz-select"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="wish-value"
          />
          {tried && badValue ? (
            <span className="gz-field-error">{t("volunteers.m.badNumber")}</span>
          ) : errors.estimatedValue ? (
            <span className="gz-field-error">{errors.estimatedValue}</span>
          ) : null}
        </div>
        <SubmitButton loading={post.isPending} testId="wish-submit">
          {t("volunteers.m.submitWish")}
        </SubmitButton>
      </form>
    </ServePage>
  );
}

function ClaimForm({ wish, me, onConflict }: { wish: Wish; me: Me; onConflict: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = useMyVolunteer();
  const teams = mine.data?.volunteer?.teams ?? [];
  const isUnit = me.scope.kind === "unit";
  const kinds = CLAIMANT_KINDS.filter((k) => k === "person" || (k === "team" && teams.length > 0) || (k === "unit" && isUnit));
  const [as, setAs] = useState<(typeof CLAIMANT_KINDS)[number]>(isUnit ? "unit" : "person");
  const [teamId, setTeamId] = useState("");
  const claim = useVPost<object, Wish>([vKeys.wishes]);
  const submit = () =>
    claim.mutate(
      { path: `/api/v1/wishes/${wish.id}/claim`, body: { as, teamId: as === "team" ? teamId || teams[0]?.id : undefined } },
      {
        // Someone else was quicker: show the wish as it now stands.
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) {
            onConflict(err.message);
            void client.invalidateQueries({ queryKey: vKeys.wishes });
          }
        },
      },
    );
  return (
    <div className="gz-card" data-testid="claim-form">
      <div className="gz-card-title">{t("volunteers.m.claimTitle")}</div>
      <form className="gz-form" style={{ paddingBottom: 16 }} onSubmit={onSubmit(submit)} noValidate>
        {kinds.length > 1 ? (
          <Segment values={kinds} value={as} onChange={setAs} label={(k) => t(`volunteers.enums.claimantKind.${k}`)} testId="claim-as" />
        ) : null}
        {as === "team" ? (
          <select
            className="gz-select"
            value={teamId || teams[0]?.id || ""}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="claim-team"
          >
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        ) : null}
        <div className="gz-muted">{t("volunteers.m.claimText")}</div>
        {claim.isError ? (
          <div className="gz-error" role="alert" style={{ margin: 0 }} data-testid="claim-form-error">
            {claim.error.message}
          </div>
        ) : null}
        <SubmitButton loading={claim.isPending} testId="wish-claim">
          {t("volunteers.m.claim")}
        </SubmitButton>
      </form>
    </div>
  );
}

function FulfilForm({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [photos, setPhotos] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const noteId = useId();
  const fulfil = useVPost<object, Wish>([vKeys.wishes, vKeys.points, vKeys.volunteers, vKeys.reportIns]);
  const errors = fieldErrors(fulfil.error);
  const submit = () => {
    setTried(true);
    if (!note.trim()) return;
    fulfil.mutate({ path: `/api/v1/wishes/${wish.id}/fulfil`, body: { note: note.trim(), photos } });
  };
  return (
    <div className="gz-card" data-testid="fulfil-form">
      <div className="gz-card-title">{t("volunteers.m.fulfilTitle")}</div>
      <form className="gz-form" style={{ paddingBottom: 16 }} onSubmit={onSubmit(submit)} noValidate>
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={noteId}>
            {t("volunteers.fields.fulfilNote")}
          </label>
          <textarea
            id={noteId}
            className="gz-textarea"
            rows={3}
            maxLength={1000}
            value={note}
            placeholder={t("volunteers.m.fulfilPlaceholder")}
            onChange={(e) => setNote(e.target.value)}
            data-testid="fulfil-note"
          />
          {tried && !note.trim() ? (
            <span className="gz-field-error">{t("validation.required")}</span>
          ) : errors.note ? (
            <span className="gz-field-error">{errors.note}</span>
          ) : null}
        </div>
        <PhotoPicker photos={photos} onChange={setPhotos} testId="fulfil-photo-input" />
        {errors.photos ? <span className="gz-field-error">{errors.photos}</span> : null}
        {fulfil.isError ? (
          <div className="gz-error" role="alert" style={{ margin: 0 }}>
            {fulfil.error.message}
          </div>
        ) : null}
        <SubmitButton loading={fulfil.isPending} testId="wish-fulfil">
          {t("volunteers.m.fulfil")}
        </SubmitButton>
      </form>
    </div>
  );
}

function ConfirmForm({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const id = useId();
  const confirm = useVPost<object, Wish>([vKeys.wishes, vKeys.points, vKeys.volunteers]);
  return (
    <div className="gz-card" data-testid="confirm-form">
      <div className="gz-card-title">{t("volunteers.m.confirmTitle")}</div>
      <form
        className="gz-form"
        style={{ paddingBottom: 16 }}
        onSubmit={onSubmit(() =>
          confirm.mutate({ path: `/api/v1/wishes/${wish.id}/confirm`, body: { comment: comment.trim() || undefined } }),
        )}
        noValidate
      >
        <div className="gz-field">
          <label className="gz-field-label" htmlFor={id}>
            {t("volunteers.m.confirmComment")}
          </label>
          <textarea
            id={id}
            className="gz-textarea"
            rows={2}
            maxLength={500}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="confirm-comment"
          />
        </div>
        {confirm.isError ? (
          <div className="gz-error" role="alert" style={{ margin: 0 }}>
            {confirm.error.message}
          </div>
        ) : null}
        <SubmitButton loading={confirm.isPending} testId="wish-confirm">
          {t("volunteers.m.confirm")}
        </SubmitButton>
      </form>
    </div>
  );
}

/** One wish: what it is, where it stands, and the step this person may take (claim, fulfil, confirm). */
export function WishPage({ id, me }: { id: string; me: Me }) {
  const { t } = useTranslation();
  const query = useWish(id);
  // A claim that lost the race: the message stays while the page shows the wish as it now stands.
  const [conflict, setConflict] = useState<string | null>(null);
  return (
    <ServePage title={t("volunteers.m.wish")} testId="wish-page">
      <QueryBody query={query}>
        {(w) => (
          <div className="gz-cards" style={{ marginTop: 12 }}>
            <div className="gz-card">
              <div className="gz-card-body">
                <div className="gz-wish-title" data-testid="wish-title-text">
                  {w.title}
                </div>
                <div className="gz-tags">
                  <WishStatus wish={w} />
                  <Tag fill="outline">{t(`volunteers.enums.wishCategory.${w.category}`)}</Tag>
                  {w.postedOnBehalf ? <Tag fill="outline">{t("volunteers.m.onBehalf")}</Tag> : null}
                </div>
                <p className="gz-desc">{w.description}</p>
              </div>
              <List>
                <List.Item extra={w.areaName} arrowIcon={false}>
                  {t("volunteers.fields.community")}
                </List.Item>
                {w.estimatedValue !== null ? (
                  <List.Item extra={t("volunteers.m.yuan", { value: w.estimatedValue })} arrowIcon={false}>
                    {t("volunteers.fields.estimatedValue")}
                  </List.Item>
                ) : null}
                {w.wisher ? (
                  <List.Item
                    extra={<span data-testid="wish-wisher">{w.wisher.name}</span>}
                    description={w.wisher.phone ?? undefined}
                    arrowIcon={false}
                  >
                    {t("volunteers.fields.wisher")}
                  </List.Item>
                ) : null}
                <List.Item extra={formatDateTime(w.publishedAt ?? w.createdAt)} arrowIcon={false}>
                  {t(w.publishedAt ? "volunteers.fields.publishedAt" : "volunteers.fields.postedAt")}
                </List.Item>
                {w.claimant ? (
                  <List.Item
                    extra={<span data-testid="wish-claimant">{w.claimant.label}</span>}
                    description={`${t(`volunteers.enums.claimantKind.${w.claimant.kind}`)} · ${formatDateTime(w.claimant.claimedAt)}`}
                    arrowIcon={false}
                  >
                    {t("volunteers.fields.claimant")}
                  </List.Item>
                ) : null}
                {w.declineReason ? <List.Item description={w.declineReason}>{t("volunteers.fields.declineReason")}</List.Item> : null}
                {w.confirmedAt ? (
                  <List.Item extra={formatDateTime(w.confirmedAt)} arrowIcon={false}>
                    {t("volunteers.fields.confirmedAt")}
                  </List.Item>
                ) : null}
              </List>
            </div>
            {conflict ? (
              <div className="gz-error" role="alert" style={{ margin: 0 }} data-testid="claim-error">
                {conflict}
              </div>
            ) : null}
            {w.status === "submitted" ? <div className="gz-note">{t("volunteers.m.awaitingReview")}</div> : null}
            {w.fulfilment ? (
              <div className="gz-card" data-testid="wish-fulfilment">
                <div className="gz-card-title">{t("volunteers.m.fulfilment")}</div>
                <div className="gz-card-body">
                  <div className="gz-muted">{formatDateTime(w.fulfilment.at)}</div>
                  <p className="gz-desc">{w.fulfilment.note}</p>
                  {w.fulfilment.photos.length ? (
                    <div className="gz-photos" style={{ marginTop: 8 }}>
                      {w.fulfilment.photos.map((src) => (
                        <a className="gz-photo" key={src.slice(-64)} href={src} target="_blank" rel="noreferrer">
                          <img src={src} alt="" />
                        </a>
                      ))}
                    </div>
                  ) : null}
                </div>
              </div>
            ) : null}
            {w.abilities.claim ? <ClaimForm wish={w} me={me} onConflict={setConflict} /> : null}
            {w.abilities.fulfil ? <FulfilForm wish={w} /> : null}
            {w.abilities.confirm ? <ConfirmForm wish={w} /> : null}
            {w.status === "confirmed" ? (
              <div className="gz-note" data-testid="wish-done">
                {t("volunteers.m.wishDone")}
              </div>
            ) : null}
          </div>
        )}
      </QueryBody>
    </ServePage>
  );
}
