import { ApartmentOutlined, EditOutlined, EnvironmentOutlined } from "@ant-design/icons";
import { Breadcrumb, Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { DetailList } from "../../app/detail";
import { useSearchUpdate } from "../../app/search-params";
import { EmptyState, ErrorState, IconTitle, PageHeader } from "../../app/ui";
import { inScope } from "../../shared/area-code";
import { can } from "../../shared/domain";
import { formatNumber } from "../../shared/format";
import { useMe } from "../../shared/query";
import type { AreaDetail, Me } from "../../shared/types";
import { useGridGeometry } from "../grids/api";
import { GridDrawer } from "../grids/grid-drawer";
import { ATTR_ENUMS, type AttrKey, attrsFor } from "../registry/constants";
import { formatDecimal, formatYuan } from "../registry/format";
import { GridMap } from "../registry/grid-map";
import { areaPath } from "../registry/links";
import { useAreaDetail, useAreaResources } from "./api";
import { AreaChildrenCard, areaColumns } from "./area-children";
import { AttrsFormModal, ResourcesFormModal } from "./area-forms";
import { LevelTag } from "./level-tag";

type FigureKey = keyof AreaDetail["figures"];
const FIGURES: FigureKey[] = ["children", "grids", "units", "partyOrgs", "partyMembers", "communityWorkers", "people", "households"];

/** Where each figure's filtered list lives, and who may open it. */
function figureLink(key: FigureKey, code: string, me: Me | null | undefined): string | null {
  const c = encodeURIComponent(code);
  const people = can(me, "people.read");
  switch (key) {
    case "children":
      return `/areas?code=${c}`;
    case "grids":
      return `/grids?areaCode=${c}`;
    case "units":
      return `/units?areaCode=${c}`;
    case "partyOrgs":
      return `/party-orgs?areaCode=${c}`;
    case "partyMembers":
      return people ? `/people?areaCode=${c}&role=party_member` : null;
    case "communityWorkers":
      return people ? `/people?areaCode=${c}&role=community_worker` : null;
    case "people":
    case "households":
      return people ? `/people?areaCode=${c}` : null;
  }
}

function Figures({ area }: { area: AreaDetail }) {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <Row gutter={[12, 12]} data-testid="area-figures">
      {FIGURES.map((key) => {
        const to = figureLink(key, area.code, me);
        const card = (
          <Card hoverable={!!to} size="small" style={{ height: "100%" }} data-testid={`figure-${key}`}>
            <Statistic
              title={t(`areaDetail.figures.${key}`)}
              value={area.figures[key]}
              formatter={(v) => formatNumber(Number(v))}
              styles={{ content: { fontSize: 22 } }}
            />
          </Card>
        );
        return (
          <Col key={key} xs={8} sm={8} md={6} xl={3}>
            {to ? <Link to={to}>{card}</Link> : card}
          </Col>
        );
      })}
    </Row>
  );
}

function attrValue(t: TFunction, key: AttrKey, attrs: AreaDetail["attrs"]): ReactNode {
  const v = attrs[key];
  if (v === undefined || v === null) return <Typography.Text type="secondary">{t("common.notSet")}</Typography.Text>;
  if (key in ATTR_ENUMS) return t(`registry.attrs.${key}.${String(v)}`);
  if (key === "demonstration")
    return v ? <Tag color="gold">{t("registry.attrs.demonstration.yes")}</Tag> : t("registry.attrs.demonstration.no");
  if (key === "hasActivityVenue") return v ? t("common.yes") : t("common.no");
  if (key === "demonstrationFunding") return formatYuan(v as number);
  return formatNumber(v as number);
}

function Classifications({ area, onEdit }: { area: AreaDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const keys = attrsFor(area.level).filter((k) => k !== "demonstrationFunding" || area.attrs.demonstration);
  return (
    <Card
      title={t("areaDetail.classifications")}
      extra={
        onEdit ? (
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="edit-attrs">
            {t("common.edit")}
          </Button>
        ) : null
      }
      style={{ height: "100%" }}
      data-testid="area-classifications"
    >
      {keys.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("areaDetail.noClassifications")} />
      ) : (
        <DetailList
          bordered={false}
          items={keys.map((k) => ({ key: k, label: t(`registry.attrs.${k}.label`), children: attrValue(t, k, area.attrs) }))}
        />
      )}
    </Card>
  );
}

/** 三有: 有人管事 (staff), 有钱办事 (funds by kind), 有场所议事 (venue), the latest year and earlier ones. */
function Resources({ area, onEdit }: { area: AreaDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const history = useAreaResources(area.code);
  const r = area.resources;
  const earlier = (history.data?.items ?? []).filter((x) => x.year !== r?.year);
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t("areaDetail.resources.title")}
          {r ? <Tag>{t("areaDetail.resources.ofYear", { year: r.year })}</Tag> : null}
        </Flex>
      }
      extra={
        onEdit ? (
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="edit-resources">
            {t("areaDetail.resources.record")}
          </Button>
        ) : null
      }
      style={{ height: "100%" }}
      data-testid="area-resources"
    >
      {!r ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("areaDetail.resources.none")} />
      ) : (
        <Flex vertical gap={12}>
          <DetailList
            items={[
              {
                key: "staff",
                label: t("areaDetail.resources.people"),
                children: t("areaDetail.resources.staffValue", { count: r.staffCount }),
              },
              {
                key: "funds",
                label: t("areaDetail.resources.money"),
                children: (
                  <Flex vertical gap={2}>
                    <span>
                      {t("common.labelValue", { label: t("areaDetail.resources.fundsService"), value: formatYuan(r.fundsService) })}
                    </span>
                    <span>
                      {t("common.labelValue", { label: t("areaDetail.resources.fundsOffice"), value: formatYuan(r.fundsOffice) })}
                    </span>
                    <span>
                      {t("common.labelValue", { label: t("areaDetail.resources.fundsActivity"), value: formatYuan(r.fundsActivity) })}
                    </span>
                    <Typography.Text strong>
                      {t("common.labelValue", {
                        label: t("areaDetail.resources.fundsTotal"),
                        value: formatYuan(r.fundsService + r.fundsOffice + r.fundsActivity),
                      })}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: "venue",
                label: t("areaDetail.resources.place"),
                children: `${formatDecimal(r.venueAreaM2)} m² · ${t(`registry.venueOwnership.${r.venueOwnership}`)}`,
              },
            ]}
          />
          {earlier.length ? (
            <Table
              size="small"
              rowKey="year"
              pagination={false}
              dataSource={earlier}
              scroll={{ x: 480 }}
              columns={[
                { key: "year", title: t("areaDetail.resources.year"), dataIndex: "year", width: 70 },
                { key: "staffCount", title: t("areaDetail.resources.staffCount"), dataIndex: "staffCount", width: 80 },
                {
                  key: "funds",
                  title: t("areaDetail.resources.fundsTotal"),
                  render: (_: unknown, x) => formatYuan(x.fundsService + x.fundsOffice + x.fundsActivity),
                },
                {
                  key: "venue",
                  title: t("areaDetail.resources.venueAreaM2"),
                  render: (_: unknown, x) => `${formatDecimal(x.venueAreaM2)} m²`,
                },
              ]}
            />
          ) : null}
        </Flex>
      )}
    </Card>
  );
}

function AreaGridMap({ area }: { area: AreaDetail }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const update = useSearchUpdate();
  const gridId = params.get("grid");
  const geometry = useGridGeometry({ areaCode: area.code }, area.figures.grids > 0);
  const mapLink = `/grids/map?areaCode=${encodeURIComponent(area.code)}`;
  return (
    <Card
      title={<IconTitle icon={<EnvironmentOutlined />}>{t("areaDetail.map")}</IconTitle>}
      extra={area.figures.grids > 0 ? <Link to={mapLink}>{t("areaDetail.openMap")}</Link> : null}
      styles={{ body: { padding: 12 } }}
      data-testid="area-map-card"
    >
      {area.figures.grids === 0 ? (
        <EmptyState description={t("areaDetail.noGrids")} />
      ) : geometry.isError ? (
        <ErrorState error={geometry.error} onRetry={() => void geometry.refetch()} />
      ) : geometry.isPending ? (
        <Skeleton.Node active style={{ width: "100%", height: 400 }} />
      ) : (
        <GridMap
          grids={geometry.data.items}
          selectedId={gridId}
          onSelect={(g) => update({ grid: g.id }, { replace: true })}
          height={420}
          testId="area-map"
        />
      )}
      <GridDrawer id={gridId} onClose={() => update({ grid: undefined }, { replace: true })} mask={false} />
    </Card>
  );
}

function Children({ area }: { area: AreaDetail }) {
  const { t } = useTranslation();
  const columns = areaColumns(t, {
    key: "name",
    title: t("areas.columns.name"),
    dataIndex: "name",
    render: (name: string, a) => (
      <Link to={areaPath(a.code)} data-testid="child-area-link">
        {name}
      </Link>
    ),
  });
  return (
    <AreaChildrenCard
      code={area.code}
      abilities={area.abilities}
      title={<IconTitle icon={<ApartmentOutlined />}>{t("areas.children")}</IconTitle>}
      columns={columns}
    />
  );
}

/** An area's page: where it sits, its classifications and 三有, its figures, its grids on a map and its children. */
export function AreaDetailPage() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const me = useMe().data;
  const area = useAreaDetail(code);
  const [editing, setEditing] = useState<"attrs" | "resources" | null>(null);

  if (area.isError) return <ErrorState error={area.error} onRetry={() => void area.refetch()} />;
  if (area.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  const a = area.data;
  const scopeCode = me?.scope.areaCode ?? null;
  const reachable = (c: string) => !!scopeCode && inScope(scopeCode, c);
  const mayRecordResources = a.level === "community" && can(me, "registry.write") && reachable(a.code);

  return (
    <div data-testid="area-detail-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { key: "areas", title: <Link to="/areas">{t("areas.title")}</Link> },
          ...a.ancestors.map((x) => ({
            key: x.code,
            title: reachable(x.code) ? <Link to={areaPath(x.code)}>{x.name}</Link> : x.name,
          })),
          { key: a.code, title: a.name },
        ]}
        data-testid="area-detail-breadcrumb"
      />
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {a.name}
            <LevelTag level={a.level} />
            {a.attrs.demonstration ? <Tag color="gold">{t("registry.attrs.demonstration.yes")}</Tag> : null}
          </Flex>
        }
        description={
          <Typography.Text type="secondary" copyable={{ text: a.code }}>
            {t("areas.columns.code")} {a.code}
          </Typography.Text>
        }
        extra={
          <Link to={`/areas?code=${encodeURIComponent(a.code)}`}>
            <Button icon={<ApartmentOutlined />}>{t("areaDetail.inTree")}</Button>
          </Link>
        }
        testId="area-detail-title"
      />
      <Flex vertical gap={16}>
        <Figures area={a} />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={a.level === "community" ? 10 : 24}>
            <Classifications area={a} onEdit={a.abilities.update ? () => setEditing("attrs") : undefined} />
          </Col>
          {a.level === "community" ? (
            <Col xs={24} lg={14}>
              <Resources area={a} onEdit={mayRecordResources ? () => setEditing("resources") : undefined} />
            </Col>
          ) : null}
        </Row>
        {a.level === "building" ? null : <AreaGridMap area={a} />}
        <Children area={a} />
      </Flex>
      <AttrsFormModal open={editing === "attrs"} area={a} onClose={() => setEditing(null)} />
      <ResourcesFormModal open={editing === "resources"} code={a.code} current={a.resources} onClose={() => setEditing(null)} />
    </div>
  );
}
