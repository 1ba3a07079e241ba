// 诉求类别: the two-level category table (digital city-management events and parts beside social-governance classes)
// with deadline rules per urgency, escalation and extra questions.
import {
  Alert,
  App,
  Card,
  Flex,
  Grid,
  Input,
  Popconfirm,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CreateButton, FilterSelect, orDash } from "../../app/list";
import { ErrorState, PageHeader } from "../../app/ui";
import { errorMessage } from "../../shared/query";
import { type CaseCategory, useAllCategories, useDeleteCategory, usePatchCategory } from "./api";
import { CATEGORY_FAMILIES, CategoryDrawer, type CategoryTarget, URGENCIES } from "./category-drawer";

type Row = CaseCategory & { children?: Row[] };

const FAMILY_COLORS: Record<CaseCategory["family"], string> = { city_event: "blue", city_part: "geekblue", social: "volcano" };

function matches(c: CaseCategory, q: string): boolean {
  const s = q.toLowerCase();
  return c.code.toLowerCase().includes(s) || c.name.includes(q) || c.keywords.some((k) => k.includes(q));
}

/** The table as a tree: classes with their categories, filtered by family, text and whether inactive ones show. */
function toTree(items: readonly CaseCategory[], f: { family?: string; q?: string; inactive: boolean }): Row[] {
  const visible = (c: CaseCategory) => (f.inactive || c.active) && (!f.family || c.family === f.family);
  const tops = items.filter((c) => !c.parentCode && visible(c));
  return tops
    .map((top): Row | null => {
      const children = items.filter((c) => c.parentCode === top.code && visible(c));
      const hits = f.q ? children.filter((c) => matches(c, f.q!)) : children;
      if (f.q && !matches(top, f.q) && !hits.length) return null;
      const shown = f.q && !matches(top, f.q) ? hits : children;
      return { ...top, children: shown.length ? shown : undefined };
    })
    .filter((r): r is Row => r !== null);
}

/** 7个工作日 · 2个工作小时 · 2小时 */
function DeadlineSummary({ c }: { c: CaseCategory }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={0}>
      {URGENCIES.map((u) => (
        <span key={u} style={{ whiteSpace: "nowrap" }}>
          <Typography.Text type="secondary">{t(`caseDesk.urgencies.${u}`)}</Typography.Text>{" "}
          {t("settings.deadline", { value: c.deadlines[u].value, unit: t(`settings.units.${c.deadlines[u].unit}`) })}
        </span>
      ))}
    </Flex>
  );
}

export function CaseCategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const categories = useAllCategories();
  const remove = useDeleteCategory();
  const patch = usePatchCategory();
  const [family, setFamily] = useState<CaseCategory["family"] | undefined>();
  const [q, setQ] = useState("");
  const [inactive, setInactive] = useState(false);
  const [target, setTarget] = useState<CategoryTarget | null>(null);
  const [expanded, setExpanded] = useState<readonly React.Key[]>([]);
  const items = categories.data ?? [];
  const tree = useMemo(() => toTree(categories.data ?? [], { family, q: q.trim(), inactive }), [categories.data, family, q, inactive]);

  const setActive = async (c: CaseCategory, active: boolean) => {
    try {
      await patch.mutateAsync({ code: c.code, patch: { active } });
      message.success(t(active ? "settings.categories.enabled" : "settings.categories.disabled", { name: c.name }));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const destroy = async (c: CaseCategory) => {
    try {
      await remove.mutateAsync(c.code);
      message.success(t("settings.categories.deleted", { name: c.name }));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<Row> = [
    {
      key: "code",
      title: t("settings.categories.code"),
      dataIndex: "code",
      width: screens.md ? 150 : 110,
      render: (code: string) => <span style={{ fontFamily: "monospace" }}>{code}</span>,
    },
    {
      key: "name",
      title: t("settings.categories.name"),
      width: 220,
      render: (_, c) => (
        <Flex gap={4} wrap align="center">
          <Typography.Link onClick={() => setTarget({ category: c })} strong={!c.parentCode} data-testid="category-link">
            {c.name}
          </Typography.Link>
          {c.active ? null : <Tag>{t("settings.categories.inactive")}</Tag>}
          {c.public ? null : <Tag color="purple">{t("settings.categories.staffOnly")}</Tag>}
        </Flex>
      ),
    },
    {
      key: "family",
      title: t("settings.categories.family"),
      dataIndex: "family",
      width: 140,
      responsive: ["md"],
      render: (f: CaseCategory["family"]) => <Tag color={FAMILY_COLORS[f]}>{t(`settings.families.${f}`)}</Tag>,
    },
    {
      key: "deadlines",
      title: t("settings.categories.deadlines"),
      width: 190,
      responsive: ["md"],
      render: (_, c) => <DeadlineSummary c={c} />,
    },
    {
      key: "attributes",
      title: t("settings.attributes.title"),
      width: 110,
      responsive: ["lg"],
      render: (_, c) =>
        c.attributes.length ? (
          <Tooltip
            title={[...c.attributes]
              .sort((a, b) => a.order - b.order)
              .map((a) => a.description)
              .join("；")}
          >
            <Tag color="cyan">{t("settings.attributes.count", { count: c.attributes.length })}</Tag>
          </Tooltip>
        ) : (
          orDash(null)
        ),
    },
    {
      key: "escalate",
      title: t("settings.categories.autoEscalate"),
      width: 120,
      responsive: ["lg"],
      render: (_, c) => t(`settings.escalation.${c.autoEscalate === null ? "inherit" : c.autoEscalate ? "on" : "off"}`),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: screens.md ? 230 : 120,
      render: (_, c) => (
        <Space size={12} wrap>
          <Typography.Link onClick={() => setTarget({ category: c })}>{t("common.edit")}</Typography.Link>
          {c.parentCode ? null : (
            <Typography.Link onClick={() => setTarget({ parent: c })} data-testid="category-add-child">
              {t("settings.categories.addChild")}
            </Typography.Link>
          )}
          <Typography.Link onClick={() => void setActive(c, !c.active)}>
            {c.active ? t("settings.categories.disable") : t("settings.categories.enable")}
          </Typography.Link>
          <Popconfirm
            title={t("settings.categories.deleteConfirm", { name: c.name })}
            description={t("settings.categories.deleteHelp")}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
            onConfirm={() => destroy(c)}
          >
            <Typography.Link type="danger">{t("settings.remove")}</Typography.Link>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("settings.categories.title")}
        description={t("settings.categories.description")}
        extra={
          <CreateButton onClick={() => setTarget({ parent: null })} testId="category-create">
            {t("settings.categories.create")}
          </CreateButton>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex gap={12} wrap style={{ padding: 16 }} align="center">
          <Input.Search
            allowClear
            placeholder={t("settings.categories.search")}
            onSearch={(v) => setQ(v)}
            onChange={(e) => {
              if (!e.target.value) setQ("");
            }}
            style={{ width: 240 }}
            data-testid="categories-search"
          />
          <FilterSelect
            values={CATEGORY_FAMILIES}
            labels="settings.families"
            value={family}
            onChange={setFamily}
            placeholder={t("settings.categories.family")}
            width={170}
            testId="categories-family"
          />
          <Space>
            <Switch checked={inactive} onChange={setInactive} size="small" data-testid="categories-inactive" />
            <span>{t("settings.categories.showInactive")}</span>
          </Space>
        </Flex>
        {categories.isError ? (
          <div style={{ padding: "0 16px 16px" }}>
            <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />
          </div>
        ) : (
          <div style={{ padding: "0 16px 16px" }}>
            {q && !tree.length ? <Alert type="info" title={t("settings.categories.noMatch")} showIcon /> : null}
            <Table<Row>
              size="middle"
              rowKey="code"
              columns={columns}
              dataSource={tree}
              loading={categories.isFetching}
              pagination={false}
              scroll={screens.md ? { x: 1000 } : undefined}
              expandable={{
                // A search opens every class it found something in.
                expandedRowKeys: q.trim() ? tree.map((r) => r.code) : expanded,
                onExpandedRowsChange: (keys) => setExpanded(keys),
              }}
              data-testid="categories-table"
            />
          </div>
        )}
      </Card>
      <CategoryDrawer target={target} categories={items} onClose={() => setTarget(null)} />
    </>
  );
}
