// 微心愿 in the console: review and publish what residents post, post one on a resident's behalf (代办), follow
// the claims and the wishes nobody has claimed, confirm fulfilment when the wisher cannot.
import {
  Button,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal, useRules } from "../../app/form";
import { CreateButton, ListCard, orDash, PAGE_SIZE, QueryTable, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { formatDateTime } from "../../shared/format";
import { useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import { PersonPicker } from "../registry/selects";
import { useVPost, useWish, useWishes, vKeys, WISH_CATEGORIES, WISH_STATUS_COLORS, type Wish } from "./api";
import { DecideModal, daysSince, EnumTag, useEnum } from "./shared";

const VIEWS = ["submitted", "published", "claimed", "fulfilled", "all"] as const;
type View = (typeof VIEWS)[number];

interface WishForm {
  personId: string;
  category: string;
  title: string;
  description: string;
  estimatedValue?: number;
}

function OnBehalfModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WishForm>();
  const rules = useRules();
  const post = useVPost<WishForm, Wish>([vKeys.wishes]);
  const categories = useEnum("wishCategory", WISH_CATEGORIES);
  return (
    <FormModal<WishForm>
      open={open}
      title={t("volunteers.console.onBehalf")}
      form={form}
      save={post}
      onClose={onClose}
      onFinish={async (v) => {
        await post.mutateAsync({ path: "/api/v1/wishes", body: v });
        onClose();
      }}
      data-testid="wish-on-behalf-modal"
    >
      <Typography.Paragraph type="secondary">{t("volunteers.console.onBehalfText")}</Typography.Paragraph>
      <Form.Item name="personId" label={t("volunteers.fields.wisher")} rules={rules.required}>
        <PersonPicker testId="wish-person" />
      </Form.Item>
      <Form.Item name="category" label={t("volunteers.fields.wishCategory")} rules={rules.required}>
        <Select options={categories} data-testid="wish-category" />
      </Form.Item>
      <Form.Item name="title" label={t("volunteers.fields.wishTitle")} rules={rules.text(60)}>
        <Input maxLength={60} data-testid="wish-title" />
      </Form.Item>
      <Form.Item name="description" label={t("volunteers.fields.wishDescription")} rules={rules.text(1000)}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      <Form.Item name="estimatedValue" label={t("volunteers.fields.estimatedValue")}>
        <InputNumber min={0} max={100000} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

function WishDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useWish(id);
  const w = query.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={520} title={w?.title} destroyOnHidden data-testid="wish-drawer">
      {w ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color={WISH_STATUS_COLORS[w.status]}>{t(`volunteers.enums.wishStatus.${w.status}`)}</Tag>
            <EnumTag group="wishCategory" value={w.category} />
            {w.postedOnBehalf ? <Tag>{t("volunteers.m.onBehalf")}</Tag> : null}
          </Space>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{w.description}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("volunteers.fields.community")}>{w.areaName}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.wisher")}>
              {w.wisher ? `${w.wisher.name}${w.wisher.phone ? ` · ${w.wisher.phone}` : ""}` : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.estimatedValue")}>{orDash(w.estimatedValue)}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.postedAt")}>{formatDateTime(w.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.publishedAt")}>
              {orDash(formatDateTime(w.publishedAt) || null)}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.claimant")}>
              {w.claimant
                ? `${w.claimant.label}（${t(`volunteers.enums.claimantKind.${w.claimant.kind}`)}）· ${formatDateTime(w.claimant.claimedAt)}`
                : "—"}
            </Descriptions.Item>
            {w.declineReason ? <Descriptions.Item label={t("volunteers.fields.declineReason")}>{w.declineReason}</Descriptions.Item> : null}
            {w.confirmedAt ? (
              <Descriptions.Item label={t("volunteers.fields.confirmedAt")}>{formatDateTime(w.confirmedAt)}</Descriptions.Item>
            ) : null}
          </Descriptions>
          {w.fulfilment ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t("volunteers.m.fulfilment")} · {formatDateTime(w.fulfilment.at)}
              </Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{w.fulfilment.note}</Typography.Paragraph>
              <Image.PreviewGroup>
                <Space wrap>
                  {w.fulfilment.photos.map((src) => (
                    <Image key={src.slice(-64)} src={src} width={96} height={96} style={{ objectFit: "cover" }} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}

/** 微心愿: the review queue, the unclaimed, the claimed and those awaiting confirmation, in scope. */
export function WishesPage() {
  const { t } = useTranslation();
  const list = useListParams<{ view: View; category: string; areaCode: string }>(["view", "category", "areaCode"]);
  const view: View = (VIEWS as readonly string[]).includes(list.filters.view ?? "") ? (list.filters.view as View) : "submitted";
  const status = view === "all" ? undefined : view;
  const query = useWishes({
    status,
    category: list.filters.category,
    areaCode: list.filters.areaCode,
    page: list.page,
    pageSize: PAGE_SIZE,
  });
  const mayReview = can(useMe().data, "wishes.review");
  const [creating, setCreating] = useState(false);
  const [reviewing, setReviewing] = useState<Wish | null>(null);
  const act = useVPost([vKeys.wishes]);
  const categories = useEnum("wishCategory", WISH_CATEGORIES);

  const columns: TableColumnsType<Wish> = [
    {
      key: "title",
      title: t("volunteers.fields.wishTitle"),
      render: (_, w) => (
        <Typography.Link onClick={() => list.open(w.id)} data-testid="wish-link">
          {w.title}
        </Typography.Link>
      ),
      ellipsis: true,
      fixed: "left",
      width: 200,
    },
    {
      key: "category",
      title: t("volunteers.fields.wishCategory"),
      render: (_, w) => <EnumTag group="wishCategory" value={w.category} />,
      width: 130,
    },
    { key: "area", title: t("volunteers.fields.community"), dataIndex: "areaName", width: 150, ellipsis: true },
    {
      key: "wisher",
      title: t("volunteers.fields.wisher"),
      render: (_, w) => orDash(w.wisher ? `${w.wisher.name}${w.postedOnBehalf ? `（${t("volunteers.m.onBehalf")}）` : ""}` : null),
      width: 150,
    },
    {
      key: "status",
      title: t("common.status"),
      render: (_, w) => <Tag color={WISH_STATUS_COLORS[w.status]}>{t(`volunteers.enums.wishStatus.${w.status}`)}</Tag>,
      width: 120,
    },
    {
      key: "claimant",
      title: t("volunteers.fields.claimant"),
      render: (_, w) => {
        if (w.claimant) return w.claimant.label;
        if (w.status !== "published") return orDash(null);
        const days = daysSince(w.publishedAt);
        return (
          <Tag color={days !== null && days >= 7 ? "red" : "default"}>{t("volunteers.console.unclaimedDays", { count: days ?? 0 })}</Tag>
        );
      },
      width: 150,
    },
    { key: "created", title: t("volunteers.fields.postedAt"), render: (_, w) => formatDateTime(w.createdAt), width: 150 },
    {
      key: "actions",
      title: t("common.actions"),
      width: 150,
      fixed: "right",
      render: (_, w) => (
        <Space size={4} wrap>
          {w.abilities.review ? (
            <Button size="small" type="primary" onClick={() => setReviewing(w)} data-testid="wish-review">
              {t("volunteers.console.review")}
            </Button>
          ) : null}
          {w.abilities.confirm ? (
            <Button
              size="small"
              onClick={() => act.mutate({ path: `/api/v1/wishes/${w.id}/confirm`, body: {} })}
              data-testid="wish-staff-confirm"
            >
              {t("volunteers.m.confirm")}
            </Button>
          ) : null}
          {w.abilities.cancel ? (
            <Button
              size="small"
              danger
              type="text"
              onClick={() => act.mutate({ path: `/api/v1/wishes/${w.id}/cancel`, body: {} })}
              data-testid="wish-cancel"
            >
              {t("volunteers.console.withdrawWish")}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("volunteers.console.wishesTitle")}
        description={t("volunteers.console.wishesText")}
        extra={
          mayReview ? (
            <CreateButton onClick={() => setCreating(true)} testId="wish-on-behalf">
              {t("volunteers.console.onBehalf")}
            </CreateButton>
          ) : null
        }
      />
      {act.isError ? <Typography.Text type="danger">{act.error.message}</Typography.Text> : null}
      <ListCard
        filters={
          <>
            <Segmented<View>
              value={view}
              onChange={(v) => list.filter({ view: v === "submitted" ? undefined : v })}
              options={VIEWS.map((v) => ({ value: v, label: t(`volunteers.console.wishViews.${v}`) }))}
              data-testid="wish-views"
            />
            <Select
              allowClear
              value={list.filters.category}
              onChange={(v) => list.filter({ category: v })}
              options={categories}
              placeholder={t("volunteers.fields.wishCategory")}
              style={{ width: 150 }}
            />
            <AreaSelect
              value={list.filters.areaCode}
              onChange={(v) => list.filter({ areaCode: v ?? undefined })}
              placeholder={t("volunteers.fields.community")}
              style={{ width: 200 }}
            />
          </>
        }
      >
        <QueryTable<Wish>
          query={query}
          columns={columns}
          pagination={list.pagination}
          empty={t(`volunteers.console.wishEmpty.${view}`)}
          scroll={{ x: 1200 }}
          data-testid="wishes-table"
        />
      </ListCard>
      <OnBehalfModal open={creating} onClose={() => setCreating(false)} />
      <DecideModal
        open={!!reviewing}
        title={t("volunteers.console.reviewTitle")}
        yesLabel={t("volunteers.console.publish")}
        noLabel={t("volunteers.console.decline")}
        onDecide={(publish, reason) => act.mutateAsync({ path: `/api/v1/wishes/${reviewing?.id}/review`, body: { publish, reason } })}
        onClose={() => setReviewing(null)}
        testId="wish-review-modal"
      >
        {reviewing ? (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t("volunteers.fields.wishTitle")}>{reviewing.title}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.wishCategory")}>
              {t(`volunteers.enums.wishCategory.${reviewing.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.wishDescription")}>{reviewing.description}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.wisher")}>{reviewing.wisher?.name ?? "—"}</Descriptions.Item>
          </Descriptions>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("volunteers.console.reviewText")}
        </Typography.Paragraph>
      </DecideModal>
      <WishDrawer id={list.openId} onClose={list.close} />
    </>
  );
}
