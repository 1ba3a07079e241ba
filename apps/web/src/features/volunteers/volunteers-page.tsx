// 志愿者与服务队: volunteers and the talent registry searched by skill and grid, teams with their members, stations.
import { DownloadOutlined } from "@ant-design/icons";
import {
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal, useRules } from "../../app/form";
import { CreateButton, ListCard, orDash, PAGE_SIZE, QueryTable, SearchInput, useListParams } from "../../app/list";
import { PageHeader } from "../../app/ui";
import { can } from "../../shared/domain";
import { useMe } from "../../shared/query";
import { AreaSelect } from "../areas/area-select";
import { GridPicker, PersonPicker } from "../registry/selects";
import {
  AVAILABILITIES,
  formatHours,
  type Station,
  serviceRecordUrl,
  TALENT_KINDS,
  TEAM_KINDS,
  type Team,
  useStations,
  useTeam,
  useTeams,
  useVolunteers,
  useVPost,
  type Volunteer,
  vKeys,
} from "./api";
import { EnumTag, SkillsSelect, useEnum } from "./shared";

const TABS = ["volunteers", "teams", "stations"] as const;
type Tab = (typeof TABS)[number];

interface VolunteerForm {
  personId: string;
  skills: string[];
  availability: string;
  areaCode?: string;
  talentKinds: string[];
  talentNote?: string;
}

function VolunteerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<VolunteerForm>();
  const rules = useRules();
  const post = useVPost<VolunteerForm>([vKeys.volunteers]);
  return (
    <FormModal<VolunteerForm>
      open={open}
      title={t("volunteers.console.registerVolunteer")}
      form={form}
      save={post}
      onClose={onClose}
      initialValues={{ skills: [], availability: "any", talentKinds: [] }}
      onFinish={async (v) => {
        await post.mutateAsync({ path: "/api/v1/volunteers", body: v });
        onClose();
      }}
      data-testid="volunteer-modal"
    >
      <Form.Item name="personId" label={t("volunteers.console.person")} rules={rules.required}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="skills" label={t("volunteers.console.skills")}>
        <SkillsSelect />
      </Form.Item>
      <Form.Item name="availability" label={t("volunteers.console.availability")}>
        <Select options={useEnum("availability", AVAILABILITIES)} />
      </Form.Item>
      <Form.Item name="areaCode" label={t("volunteers.console.serviceArea")} extra={t("volunteers.console.serviceAreaHelp")}>
        <AreaSelect />
      </Form.Item>
      <Form.Item name="talentKinds" label={t("volunteers.console.talent")}>
        <Checkbox.Group options={useEnum("talentKind", TALENT_KINDS)} />
      </Form.Item>
      <Form.Item name="talentNote" label={t("volunteers.console.talentNote")} rules={rules.max(200)}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function VolunteersTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const list = useListParams<{
    q: string;
    skill: string;
    gridId: string;
    talent: string;
    teamId: string;
    areaCode: string;
    talentsOnly: string;
  }>(["q", "skill", "gridId", "talent", "teamId", "areaCode", "talentsOnly"]);
  const query = useVolunteers({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const teams = useTeams({ pageSize: 200 });
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Volunteer> = [
    {
      key: "number",
      title: t("volunteers.fields.number"),
      render: (_, v) => <span style={{ fontFamily: "monospace" }}>{v.number}</span>,
      width: 140,
    },
    {
      key: "name",
      title: t("volunteers.console.name"),
      render: (_, v) => (
        <Space size={4}>
          {v.name}
          {v.isPartyMember ? <Tag color="red">{t("roles.party_member")}</Tag> : null}
        </Space>
      ),
      width: 150,
    },
    { key: "phone", title: t("volunteers.console.phone"), render: (_, v) => orDash(v.phone), width: 130 },
    { key: "area", title: t("volunteers.console.serviceArea"), dataIndex: "areaName", width: 130, ellipsis: true },
    { key: "skills", title: t("volunteers.console.skills"), render: (_, v) => orDash(v.skills.join("、") || null), ellipsis: true },
    {
      key: "talent",
      title: t("volunteers.console.talent"),
      render: (_, v) =>
        v.talentKinds.length ? (
          <span title={v.talentNote ?? undefined}>
            {v.talentKinds.map((k) => (
              <EnumTag key={k} group="talentKind" value={k} color="gold" />
            ))}
          </span>
        ) : (
          orDash(null)
        ),
      width: 150,
    },
    {
      key: "teams",
      title: t("volunteers.console.teams"),
      render: (_, v) => orDash(v.teams.map((x) => x.name).join("、") || null),
      ellipsis: true,
    },
    {
      key: "hours",
      title: t("volunteers.console.hours"),
      render: (_, v) => (
        <span>
          {formatHours(v.hours.verifiedHours)}
          {v.hours.star ? (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {"★".repeat(v.hours.star)}
            </Tag>
          ) : null}
        </span>
      ),
      width: 130,
    },
    {
      key: "record",
      title: t("volunteers.console.record"),
      render: (_, v) => <Button size="small" type="link" icon={<DownloadOutlined />} href={serviceRecordUrl(v.id)} />,
      width: 70,
    },
  ];
  return (
    <ListCard
      filters={
        <>
          <SearchInput
            value={list.filters.q}
            onChange={(q) => list.filter({ q })}
            placeholder={t("volunteers.console.searchVolunteer")}
            width={200}
            testId="volunteer-search"
          />
          <SkillsSelect
            single
            value={list.filters.skill}
            onChange={(v) => list.filter({ skill: (v as string | undefined) ?? undefined })}
            placeholder={t("volunteers.console.bySkill")}
            style={{ width: 150 }}
            testId="volunteer-skill"
          />
          <GridPicker
            value={list.filters.gridId}
            onChange={(v) => list.filter({ gridId: v ?? undefined })}
            placeholder={t("volunteers.console.byGrid")}
            style={{ width: 180 }}
          />
          <Select
            allowClear
            value={list.filters.talent}
            onChange={(v) => list.filter({ talent: v })}
            options={useEnum("talentKind", TALENT_KINDS)}
            placeholder={t("volunteers.console.talent")}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            value={list.filters.teamId}
            onChange={(v) => list.filter({ teamId: v })}
            options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            placeholder={t("volunteers.console.team")}
            style={{ width: 180 }}
          />
          <Checkbox
            checked={list.filters.talentsOnly === "true"}
            onChange={(e) => list.filter({ talentsOnly: e.target.checked ? "true" : undefined })}
          >
            {t("volunteers.console.talentsOnly")}
          </Checkbox>
          {mayManage ? (
            <CreateButton onClick={() => setCreating(true)} testId="volunteer-create">
              {t("volunteers.console.registerVolunteer")}
            </CreateButton>
          ) : null}
        </>
      }
    >
      <QueryTable<Volunteer>
        query={query}
        columns={columns}
        pagination={list.pagination}
        empty={t(list.filtered ? "volunteers.console.noMatch" : "volunteers.console.noVolunteers")}
        scroll={{ x: 1150 }}
        data-testid="volunteers-table"
      />
      <VolunteerModal open={creating} onClose={() => setCreating(false)} />
    </ListCard>
  );
}

interface TeamForm {
  name: string;
  kind: string;
  areaCode: string;
  leaderPersonId?: string;
  stationId?: string;
  description?: string;
}

function TeamModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TeamForm>();
  const rules = useRules();
  const post = useVPost<TeamForm>([vKeys.teams, vKeys.stations]);
  const stations = useStations({ pageSize: 200 }, open);
  return (
    <FormModal<TeamForm>
      open={open}
      title={t("volunteers.console.createTeam")}
      form={form}
      save={post}
      onClose={onClose}
      initialValues={{ kind: "service" }}
      onFinish={async (v) => {
        await post.mutateAsync({ path: "/api/v1/volunteer-teams", body: v });
        onClose();
      }}
      data-testid="team-modal"
    >
      <Form.Item name="name" label={t("volunteers.console.teamName")} rules={rules.text(80)}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item name="kind" label={t("volunteers.console.teamKind")}>
        <Select options={useEnum("teamKind", TEAM_KINDS)} />
      </Form.Item>
      <Form.Item name="areaCode" label={t("volunteers.fields.community")} rules={rules.required}>
        <AreaSelect />
      </Form.Item>
      <Form.Item name="leaderPersonId" label={t("volunteers.console.leader")}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="stationId" label={t("volunteers.console.station")}>
        <Select allowClear options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
      <Form.Item name="description" label={t("volunteers.console.description")} rules={rules.max(500)}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function TeamDrawer({ id, onClose, mayManage }: { id: string | null; onClose: () => void; mayManage: boolean }) {
  const { t } = useTranslation();
  const query = useTeam(id);
  const [adding, setAdding] = useState<string[]>([]);
  const [search, setSearch] = useState("");
  const candidates = useVolunteers({ q: search || undefined, pageSize: 20 }, !!id && mayManage);
  const post = useVPost([vKeys.teams, vKeys.volunteers]);
  const team = query.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={560} title={team?.name} destroyOnHidden data-testid="team-drawer">
      {team ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("volunteers.console.teamKind")}>{t(`volunteers.enums.teamKind.${team.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.fields.community")}>{team.areaName}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.leader")}>{orDash(team.leaderName)}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.station")}>{orDash(team.stationName)}</Descriptions.Item>
            <Descriptions.Item label={t("volunteers.console.hours")}>{formatHours(team.verifiedHours)}</Descriptions.Item>
            {team.description ? (
              <Descriptions.Item label={t("volunteers.console.description")}>{team.description}</Descriptions.Item>
            ) : null}
          </Descriptions>
          {post.isError ? <Typography.Text type="danger">{post.error.message}</Typography.Text> : null}
          {mayManage ? (
            <Space.Compact style={{ width: "100%", marginTop: 16 }}>
              <Select
                mode="multiple"
                showSearch={{ filterOption: false, onSearch: setSearch }}
                value={adding}
                onChange={setAdding}
                options={(candidates.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name} · ${v.number}` }))}
                placeholder={t("volunteers.console.addMembers")}
                style={{ flex: 1 }}
              />
              <Button
                type="primary"
                disabled={!adding.length}
                loading={post.isPending}
                onClick={() =>
                  post.mutate(
                    { path: `/api/v1/volunteer-teams/${team.id}/members`, body: { volunteerIds: adding } },
                    { onSuccess: () => setAdding([]) },
                  )
                }
              >
                {t("volunteers.console.add")}
              </Button>
            </Space.Compact>
          ) : null}
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="volunteerId"
            pagination={false}
            dataSource={team.members}
            columns={[
              { key: "number", title: t("volunteers.fields.number"), dataIndex: "number", width: 130 },
              { key: "name", title: t("volunteers.console.name"), dataIndex: "name" },
              { key: "skills", title: t("volunteers.console.skills"), render: (_, m) => m.skills.join("、") },
              ...(mayManage
                ? [
                    {
                      key: "remove",
                      title: "",
                      width: 70,
                      render: (_: unknown, m: { volunteerId: string }) => (
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() =>
                            post.mutate({ path: `/api/v1/volunteer-teams/${team.id}/members/${m.volunteerId}`, method: "DELETE" })
                          }
                        >
                          {t("common.remove")}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}

function TeamsTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const list = useListParams<{ q: string; kind: string; areaCode: string }>(["q", "kind", "areaCode"]);
  const query = useTeams({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Team> = [
    {
      key: "name",
      title: t("volunteers.console.teamName"),
      render: (_, x) => (
        <Typography.Link onClick={() => list.open(x.id)} data-testid="team-link">
          {x.name}
        </Typography.Link>
      ),
    },
    { key: "kind", title: t("volunteers.console.teamKind"), render: (_, x) => <EnumTag group="teamKind" value={x.kind} />, width: 130 },
    { key: "area", title: t("volunteers.fields.community"), dataIndex: "areaName", width: 160 },
    { key: "leader", title: t("volunteers.console.leader"), render: (_, x) => orDash(x.leaderName), width: 110 },
    { key: "station", title: t("volunteers.console.station"), render: (_, x) => orDash(x.stationName), width: 160, ellipsis: true },
    { key: "members", title: t("volunteers.console.members"), dataIndex: "memberCount", width: 90 },
    { key: "hours", title: t("volunteers.console.hours"), render: (_, x) => formatHours(x.verifiedHours), width: 110 },
  ];
  return (
    <ListCard
      filters={
        <>
          <SearchInput
            value={list.filters.q}
            onChange={(q) => list.filter({ q })}
            placeholder={t("volunteers.console.searchTeam")}
            width={200}
            testId="team-search"
          />
          <Select
            allowClear
            value={list.filters.kind}
            onChange={(v) => list.filter({ kind: v })}
            options={useEnum("teamKind", TEAM_KINDS)}
            placeholder={t("volunteers.console.teamKind")}
            style={{ width: 140 }}
          />
          <AreaSelect
            value={list.filters.areaCode}
            onChange={(v) => list.filter({ areaCode: v ?? undefined })}
            placeholder={t("volunteers.fields.community")}
            style={{ width: 200 }}
          />
          {mayManage ? (
            <CreateButton onClick={() => setCreating(true)} testId="team-create">
              {t("volunteers.console.createTeam")}
            </CreateButton>
          ) : null}
        </>
      }
    >
      <QueryTable<Team>
        query={query}
        columns={columns}
        pagination={list.pagination}
        empty={t("volunteers.console.noTeams")}
        scroll={{ x: 900 }}
      />
      <TeamModal open={creating} onClose={() => setCreating(false)} />
      <TeamDrawer id={list.openId} onClose={list.close} mayManage={mayManage} />
    </ListCard>
  );
}

interface StationForm {
  name: string;
  areaCode: string;
  leaderPersonId?: string;
  place?: string;
}

function StationsTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const list = useListParams<{ areaCode: string }>(["areaCode"]);
  const query = useStations({ ...list.filters, page: list.page, pageSize: PAGE_SIZE });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StationForm>();
  const rules = useRules();
  const post = useVPost<StationForm>([vKeys.stations]);
  const columns: TableColumnsType<Station> = [
    { key: "name", title: t("volunteers.console.stationName"), dataIndex: "name" },
    { key: "area", title: t("volunteers.fields.community"), dataIndex: "areaName", width: 180 },
    { key: "leader", title: t("volunteers.console.leader"), render: (_, s) => orDash(s.leaderName), width: 120 },
    { key: "place", title: t("volunteers.fields.place"), render: (_, s) => orDash(s.place), ellipsis: true },
    { key: "teams", title: t("volunteers.console.teamCount"), dataIndex: "teamCount", width: 100 },
  ];
  return (
    <ListCard
      filters={
        <>
          <AreaSelect
            value={list.filters.areaCode}
            onChange={(v) => list.filter({ areaCode: v ?? undefined })}
            placeholder={t("volunteers.fields.community")}
            style={{ width: 200 }}
          />
          {mayManage ? (
            <CreateButton onClick={() => setOpen(true)} testId="station-create">
              {t("volunteers.console.createStation")}
            </CreateButton>
          ) : null}
        </>
      }
    >
      <QueryTable<Station> query={query} columns={columns} pagination={list.pagination} empty={t("volunteers.console.noStations")} />
      <FormModal<StationForm>
        open={open}
        title={t("volunteers.console.createStation")}
        form={form}
        save={post}
        onClose={() => setOpen(false)}
        onFinish={async (v) => {
          await post.mutateAsync({ path: "/api/v1/volunteer-stations", body: v });
          setOpen(false);
        }}
        data-testid="station-modal"
      >
        <Form.Item name="name" label={t("volunteers.console.stationName")} rules={rules.text(80)}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="areaCode" label={t("volunteers.fields.community")} rules={rules.required}>
          <AreaSelect />
        </Form.Item>
        <Form.Item name="leaderPersonId" label={t("volunteers.console.leader")}>
          <PersonPicker />
        </Form.Item>
        <Form.Item name="place" label={t("volunteers.fields.place")} rules={rules.max(200)}>
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
    </ListCard>
  );
}

/** 志愿者与服务队: the volunteer registry with the talent search, teams and stations in scope. */
export function VolunteersPage() {
  const { t } = useTranslation();
  const list = useListParams<{ tab: Tab }>(["tab"]);
  const tab: Tab = (TABS as readonly string[]).includes(list.filters.tab ?? "") ? (list.filters.tab as Tab) : "volunteers";
  const mayManage = can(useMe().data, "volunteers.manage");
  return (
    <>
      <PageHeader title={t("volunteers.console.volunteersTitle")} description={t("volunteers.console.volunteersText")} />
      <Tabs
        activeKey={tab}
        // A tab has its own filters: switching clears the others'.
        onChange={(k) =>
          list.update({
            tab: k === "volunteers" ? undefined : k,
            q: undefined,
            areaCode: undefined,
            page: undefined,
            id: undefined,
            kind: undefined,
          })
        }
        items={TABS.map((k) => ({ key: k, label: t(`volunteers.console.tabs.${k}`) }))}
        data-testid="volunteer-tabs"
      />
      {tab === "volunteers" ? (
        <VolunteersTab mayManage={mayManage} />
      ) : tab === "teams" ? (
        <TeamsTab mayManage={mayManage} />
      ) : (
        <StationsTab mayManage={mayManage} />
      )}
    </>
  );
}
