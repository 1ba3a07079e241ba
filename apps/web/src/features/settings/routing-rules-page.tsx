// 派遣规则: the routing table that proposes a case's handler from its category and the area (grid, community,
// street) it lies in. The rule of the smallest area wins, then the category over its class over any category.
import { App, Flex, Form, Grid, Popconfirm, Select, type TableColumnsType, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../app/form";
import { CreateButton, FilterSelect, ListCard, orDash, QueryTable } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import { HANDLER_KINDS } from "../cases/api";
import { HandlerFields, type HandlerKind, handlerBody } from "../cases/handler-fields";
import {
  type CaseCategory,
  type RoutingFilters,
  type RoutingRule,
  useAllCategories,
  useCreateRoutingRule,
  useDeleteRoutingRule,
  useRoutingRules,
} from "./api";
import { showServerErrors } from "./field-errors";

/** Category options: each class, then its categories indented beneath it. */
function useCategoryTreeOptions(categories: readonly CaseCategory[] | undefined) {
  return useMemo(() => {
    const all = categories ?? [];
    return all
      .filter((c) => !c.parentCode)
      .flatMap((top) => [
        { value: top.code, label: `${top.name}（${top.code}）`, title: top.name },
        ...all
          .filter((c) => c.parentCode === top.code)
          .map((c) => ({ value: c.code, label: `\u3000${c.name}（${c.code}）`, title: c.name })),
      ]);
  }, [categories]);
}

interface Values {
  areaCode: string;
  categoryCode?: string | null;
  handler: { kind?: HandlerKind; ref?: string | null };
}

function RuleModal({ open, onClose, categories }: { open: boolean; onClose: () => void; categories: readonly CaseCategory[] | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateRoutingRule();
  const options = useCategoryTreeOptions(categories);
  const areaCode = Form.useWatch("areaCode", form);
  const submit = async (v: Values) => {
    const handler = handlerBody(v.handler)!;
    try {
      await create.mutateAsync({
        areaCode: v.areaCode,
        categoryCode: v.categoryCode ?? null,
        handlerKind: handler.kind,
        handlerRef: handler.ref,
      });
    } catch (err) {
      showServerErrors(form, err, { handler: "handler.ref", handlerRef: "handler.ref", handlerKind: "handler.kind" });
      // The dialog shows the error above the form too; the field messages are set here.
      return;
    }
    message.success(t("settings.routing.saved"));
    onClose();
  };
  return (
    <FormModal<Values>
      open={open}
      title={t("settings.routing.create")}
      form={form}
      save={create}
      onClose={onClose}
      onFinish={submit}
      data-testid="routing-form-modal"
    >
      <Form.Item
        name="areaCode"
        label={t("settings.routing.area")}
        rules={[{ required: true, message: t("validation.required") }]}
        extra={t("settings.routing.areaHelp")}
      >
        <AreaSelect allowClear={false} testId="routing-area" />
      </Form.Item>
      <Form.Item name="categoryCode" label={t("settings.routing.category")} extra={t("settings.routing.categoryHelp")}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: "title" }}
          placeholder={t("settings.routing.anyCategory")}
          options={options}
          data-testid="routing-category"
        />
      </Form.Item>
      <HandlerFields kinds={HANDLER_KINDS} areaCode={areaCode} ownAllowed />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("settings.routing.replaceHelp")}
      </Typography.Paragraph>
    </FormModal>
  );
}

export function RoutingRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<RoutingFilters>({});
  const rules = useRoutingRules(filters);
  const categories = useAllCategories();
  const options = useCategoryTreeOptions(categories.data);
  const remove = useDeleteRoutingRule();
  const [open, setOpen] = useState(false);

  const destroy = async (r: RoutingRule) => {
    try {
      await remove.mutateAsync(r.id);
      message.success(t("settings.routing.deleted"));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const handlerText = (r: RoutingRule) =>
    r.handlerRef ? (
      orDash(r.handlerLabel ?? r.handlerRef)
    ) : (
      <Typography.Text type="secondary">{t(`settings.routing.own.${r.handlerKind}`)}</Typography.Text>
    );
  const categoryText = (r: RoutingRule) =>
    r.categoryCode ? `${r.categoryName ?? ""}（${r.categoryCode}）` : <Tag>{t("settings.routing.anyCategory")}</Tag>;
  const deleteLink = (r: RoutingRule) => (
    <Popconfirm
      title={t("settings.routing.deleteConfirm")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onConfirm={() => destroy(r)}
    >
      <Typography.Link type="danger" data-testid="routing-delete">
        {t("settings.remove")}
      </Typography.Link>
    </Popconfirm>
  );
  // On a phone each rule reads as one block: area, category, then who handles it.
  const phoneColumns: TableColumnsType<RoutingRule> = [
    {
      key: "rule",
      title: t("settings.routing.title"),
      render: (_, r) => (
        <Flex vertical gap={4}>
          <Typography.Text strong>{r.areaName ?? r.areaCode}</Typography.Text>
          <span>{categoryText(r)}</span>
          <span>
            <Tag color="blue">{t(`caseDesk.handlerKinds.${r.handlerKind}`)}</Tag>
            {handlerText(r)}
          </span>
        </Flex>
      ),
    },
    { key: "actions", title: t("common.actions"), width: 64, render: (_, r) => deleteLink(r) },
  ];
  const columns: TableColumnsType<RoutingRule> = [
    { key: "area", title: t("settings.routing.area"), width: 200, render: (_, r) => r.areaName ?? r.areaCode },
    {
      key: "category",
      title: t("settings.routing.category"),
      width: 200,
      render: (_, r) => categoryText(r),
    },
    {
      key: "kind",
      title: t("caseDesk.handlerKind"),
      width: 120,
      render: (_, r) => <Tag color="blue">{t(`caseDesk.handlerKinds.${r.handlerKind}`)}</Tag>,
    },
    {
      key: "handler",
      title: t("caseDesk.handler"),
      width: 220,
      render: (_, r) => handlerText(r),
    },
    { key: "created", title: t("common.createdAt"), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
    {
      key: "actions",
      title: t("common.actions"),
      width: 80,
      render: (_, r) => deleteLink(r),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("settings.routing.title")}
        description={t("settings.routing.description")}
        extra={
          <CreateButton onClick={() => setOpen(true)} testId="routing-create">
            {t("settings.routing.create")}
          </CreateButton>
        }
      />
      <ListCard
        filters={
          <>
            <AreaSelect
              value={filters.areaCode}
              onChange={(v) => setFilters((f) => ({ ...f, areaCode: v ?? undefined }))}
              placeholder={t("settings.routing.area")}
              style={{ width: 200 }}
              testId="routing-filter-area"
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: "title" }}
              value={filters.categoryCode}
              onChange={(v?: string) => setFilters((f) => ({ ...f, categoryCode: v }))}
              placeholder={t("settings.routing.category")}
              options={options}
              style={{ width: 200 }}
              popupMatchSelectWidth={false}
              data-testid="routing-filter-category"
            />
            <FilterSelect
              values={HANDLER_KINDS}
              labels="caseDesk.handlerKinds"
              value={filters.handlerKind as HandlerKind | undefined}
              onChange={(v) => setFilters((f) => ({ ...f, handlerKind: v }))}
              placeholder={t("caseDesk.handlerKind")}
              width={150}
              testId="routing-filter-kind"
            />
          </>
        }
      >
        <QueryTable<RoutingRule>
          query={rules}
          columns={screens.md ? columns : phoneColumns}
          pagination={false}
          scroll={screens.md ? { x: 980 } : undefined}
          empty={
            filters.areaCode || filters.categoryCode || filters.handlerKind ? t("settings.routing.noMatch") : t("settings.routing.empty")
          }
          data-testid="routing-table"
        />
      </ListCard>
      <RuleModal open={open} onClose={() => setOpen(false)} categories={categories.data} />
    </>
  );
}
