import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueries } from "@tanstack/react-query";
import { App, Button, Card, Flex, List, Popconfirm, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DetailList } from "../../app/detail";
import { api } from "../../shared/api";
import { errorMessage } from "../../shared/query";
import type { Grid, Person, PersonRole } from "../../shared/types";
import { useArea } from "../areas/api";
import { gridKeys } from "../grids/api";
import { PERSON_ROLE_COLORS } from "../registry/constants";
import { AreaLink, RecordLink } from "../registry/links";
import { type RoleResource, useSaveRole } from "./api";
import { PersonRoleFormModal } from "./person-roles-form";

/** The roles a person holds, as tags. */
export function RoleTags({ roles }: { roles: readonly PersonRole[] | undefined }) {
  const { t } = useTranslation();
  if (!roles?.length) return <Typography.Text type="secondary">{t("people.roles.residentOnly")}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {roles.map((r) => (
        <Tag key={r} color={PERSON_ROLE_COLORS[r]} style={{ marginInlineEnd: 0 }} data-testid={`role-tag-${r}`}>
          {t(`registry.personRoles.${r}`)}
        </Tag>
      ))}
    </Flex>
  );
}

function AreaName({ code }: { code: string | null | undefined }) {
  const area = useArea(code);
  if (!code) return <>—</>;
  return <AreaLink code={code} name={area.data?.name} />;
}

function RoleCard({
  title,
  testId,
  person,
  resource,
  present,
  onEdit,
  children,
}: {
  title: string;
  testId: string;
  person: Person;
  resource: RoleResource;
  present: boolean;
  onEdit: () => void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useSaveRole(person.id, resource);
  const may = !!person.abilities.updateRoles;
  return (
    <Card
      size="small"
      title={title}
      extra={
        may ? (
          <Flex gap={4}>
            <Button
              size="small"
              type="link"
              icon={present ? <EditOutlined /> : <PlusOutlined />}
              onClick={onEdit}
              data-testid={`${testId}-edit`}
            >
              {present ? t("common.edit") : t("people.roles.add")}
            </Button>
            {present ? (
              <Popconfirm
                title={t("people.roles.confirmRemove", { role: title })}
                okText={t("common.confirm")}
                cancelText={t("common.cancel")}
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync(null);
                    message.success(t("people.roles.removed", { role: title }));
                  } catch (err) {
                    message.error(errorMessage(err));
                  }
                }}
              >
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  loading={remove.isPending}
                  aria-label={t("common.remove")}
                />
              </Popconfirm>
            ) : null}
          </Flex>
        ) : null
      }
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

function GridLinks({ ids }: { ids: string[] }) {
  const grids = useQueries({
    queries: ids.map((id) => ({
      queryKey: gridKeys.one(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api<Grid>(`/api/v1/grids/${encodeURIComponent(id)}`, { signal }),
      staleTime: 5 * 60_000,
    })),
  });
  return (
    <Flex gap={8} wrap>
      {ids.map((id, i) => (
        <Link key={id} to={`/grids/map?id=${encodeURIComponent(id)}${grids[i]?.data ? `&areaCode=${grids[i].data.areaCode}` : ""}`}>
          <Tag color="green">{grids[i]?.data?.name ?? "…"}</Tag>
        </Link>
      ))}
    </Flex>
  );
}

/** Party membership, community work, leader pairings and grids of one person, each editable by those who may. */
export function PersonRoles({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<RoleResource | null>(null);
  const pm = person.partyMember;
  const cw = person.communityWorker;
  const pairings = person.leaderPairings ?? [];
  const may = !!person.abilities.updateRoles;
  return (
    <Flex vertical gap={12} data-testid="person-roles">
      {pm || may ? (
        <RoleCard
          title={t("registry.personRoles.party_member")}
          testId="party-member-info"
          person={person}
          resource="party-member"
          present={!!pm}
          onEdit={() => setEditing("party-member")}
        >
          {pm ? (
            <DetailList
              bordered={false}
              items={[
                { key: "category", label: t("people.partyMember.category"), children: t(`registry.partyMemberCategories.${pm.category}`) },
                {
                  key: "branch",
                  label: t("people.partyMember.branch"),
                  children: <RecordLink list="party-orgs" id={pm.branchId} label={pm.branchName ?? "…"} />,
                },
                { key: "joined", label: t("people.partyMember.joinedOn"), children: pm.joinedOn },
                {
                  key: "unit",
                  label: t("people.partyMember.workUnit"),
                  children: <RecordLink list="units" id={pm.workUnitId} label={t("people.partyMember.viewUnit")} />,
                },
                {
                  key: "reported",
                  label: t("people.partyMember.reportedCommunity"),
                  children: pm.reportedCommunityCode ? (
                    <Flex gap={6} wrap align="center">
                      <AreaName code={pm.reportedCommunityCode} />
                      {pm.reportedOn ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t("people.partyMember.reportedAt", { date: pm.reportedOn })}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  ) : (
                    <Tag>{t("people.partyMember.notReported")}</Tag>
                  ),
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t("people.roles.notPartyMember")}</Typography.Text>
          )}
        </RoleCard>
      ) : null}
      {cw || may ? (
        <RoleCard
          title={t("registry.personRoles.community_worker")}
          testId="community-worker-info"
          person={person}
          resource="community-worker"
          present={!!cw}
          onEdit={() => setEditing("community-worker")}
        >
          {cw ? (
            <DetailList
              bordered={false}
              items={[
                { key: "community", label: t("people.communityWorker.community"), children: <AreaName code={cw.areaCode} /> },
                { key: "post", label: t("people.communityWorker.post"), children: t(`registry.workerPosts.${cw.post}`) },
                {
                  key: "grade",
                  label: t("people.communityWorker.grade"),
                  children: t("people.communityWorker.gradeValue", { grade: cw.grade }),
                },
                { key: "education", label: t("people.communityWorker.education"), children: t(`registry.education.${cw.education}`) },
                {
                  key: "credential",
                  label: t("people.communityWorker.credential"),
                  children: t(`registry.credentials.${cw.socialWorkCredential}`),
                },
                { key: "started", label: t("people.communityWorker.startedOn"), children: cw.startedOn },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t("people.roles.notCommunityWorker")}</Typography.Text>
          )}
        </RoleCard>
      ) : null}
      {pairings.length || may ? (
        <RoleCard
          title={t("people.leader.pairings")}
          testId="leader-pairings-info"
          person={person}
          resource="leader-pairings"
          present={pairings.length > 0}
          onEdit={() => setEditing("leader-pairings")}
        >
          {pairings.length ? (
            <List
              size="small"
              dataSource={pairings}
              renderItem={(p) => (
                <List.Item
                  extra={
                    p.since ? <Typography.Text type="secondary">{t("people.leader.sinceValue", { date: p.since })}</Typography.Text> : null
                  }
                >
                  <Flex gap={8} wrap align="center">
                    <AreaLink code={p.areaCode} name={p.areaName} />
                    <Typography.Text type="secondary">{p.title}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">{t("people.leader.none")}</Typography.Text>
          )}
        </RoleCard>
      ) : null}
      {person.gridIds?.length ? (
        <Card size="small" title={t("people.gridWorker.grids")} data-testid="grid-worker-info">
          <GridLinks ids={person.gridIds} />
        </Card>
      ) : null}
      <PersonRoleFormModal person={person} role={editing} onClose={() => setEditing(null)} />
    </Flex>
  );
}
