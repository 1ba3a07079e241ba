import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { FormModal, useEnumOptions, useRules } from "../../app/form";
import type { Person } from "../../shared/types";
import { AreaSelect } from "../areas/area-select";
import { EDUCATION_LEVELS, PARTY_MEMBER_CATEGORIES, SOCIAL_WORK_CREDENTIALS, WORKER_POSTS } from "../registry/constants";
import { PartyOrgPicker, UnitPicker } from "../registry/selects";
import { type RoleResource, useSaveRole } from "./api";

const toDay = (v: string | null | undefined) => (v ? dayjs(v) : null);
const fromDay = (v: Dayjs | null | undefined) => (v ? v.format("YYYY-MM-DD") : null);

interface PartyMemberValues {
  category: "in_service" | "retired" | "mobile";
  branchId?: string | null;
  joinedOn?: Dayjs | null;
  workUnitId?: string | null;
  reportedCommunityCode?: string | null;
  reportedOn?: Dayjs | null;
}

interface WorkerValues {
  areaCode: string;
  education: (typeof EDUCATION_LEVELS)[number];
  socialWorkCredential: (typeof SOCIAL_WORK_CREDENTIALS)[number];
  post: (typeof WORKER_POSTS)[number];
  grade: number;
  startedOn?: Dayjs | null;
}

interface PairingValues {
  items: { areaCode: string; title: string; since?: Dayjs | null }[];
}

/** Records a person's party membership, community work or leader pairings (one dialog per role). */
export function PersonRoleFormModal({ person, role, onClose }: { person: Person; role: RoleResource | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const categories = useEnumOptions(PARTY_MEMBER_CATEGORIES, "registry.partyMemberCategories");
  const posts = useEnumOptions(WORKER_POSTS, "registry.workerPosts");
  const educations = useEnumOptions(EDUCATION_LEVELS, "registry.education");
  const credentials = useEnumOptions(SOCIAL_WORK_CREDENTIALS, "registry.credentials");
  const [form] = Form.useForm();
  const save = useSaveRole(person.id, role ?? "party-member");

  const pm = person.partyMember;
  const cw = person.communityWorker;
  const initialValues =
    role === "party-member"
      ? ({
          category: pm?.category ?? "in_service",
          branchId: pm?.branchId ?? null,
          joinedOn: toDay(pm?.joinedOn),
          workUnitId: pm?.workUnitId ?? null,
          reportedCommunityCode: pm?.reportedCommunityCode ?? null,
          reportedOn: toDay(pm?.reportedOn),
        } satisfies PartyMemberValues)
      : role === "community-worker"
        ? ({
            areaCode: cw?.areaCode ?? person.areaCode.slice(0, 12),
            education: cw?.education ?? "bachelor",
            socialWorkCredential: cw?.socialWorkCredential ?? "none",
            post: cw?.post ?? "member",
            grade: cw?.grade ?? 18,
            startedOn: toDay(cw?.startedOn),
          } satisfies WorkerValues)
        : ({
            items: (person.leaderPairings ?? []).map((p) => ({ areaCode: p.areaCode, title: p.title, since: toDay(p.since) })),
          } satisfies PairingValues);

  const submit = async (values: PartyMemberValues | WorkerValues | PairingValues) => {
    if (role === "party-member") {
      const v = values as PartyMemberValues;
      await save.mutateAsync({
        category: v.category,
        branchId: v.branchId ?? null,
        joinedOn: fromDay(v.joinedOn),
        workUnitId: v.workUnitId ?? null,
        reportedCommunityCode: v.reportedCommunityCode ?? null,
        reportedOn: fromDay(v.reportedOn),
      });
    } else if (role === "community-worker") {
      const v = values as WorkerValues;
      await save.mutateAsync({ ...v, startedOn: fromDay(v.startedOn) });
    } else {
      const v = values as PairingValues;
      await save.mutateAsync({
        items: (v.items ?? []).map((p) => ({ areaCode: p.areaCode, title: p.title.trim(), since: fromDay(p.since) })),
      });
    }
    message.success(t("people.roles.saved", { name: person.name }));
    onClose();
  };

  const title =
    role === "party-member"
      ? t("people.roles.editPartyMember")
      : role === "community-worker"
        ? t("people.roles.editCommunityWorker")
        : t("people.roles.editLeaderPairings");

  return (
    <FormModal
      open={!!role}
      title={`${title} · ${person.name}`}
      form={form}
      save={save}
      onClose={onClose}
      initialValues={initialValues}
      onFinish={submit}
      width={role === "leader-pairings" ? 640 : 520}
      data-testid="person-role-form"
    >
      {role === "party-member" ? (
        <>
          <Form.Item name="category" label={t("people.partyMember.category")} rules={rules.required}>
            <Select options={categories} />
          </Form.Item>
          <Form.Item name="branchId" label={t("people.partyMember.branch")}>
            <PartyOrgPicker currentLabel={pm?.branchName} />
          </Form.Item>
          <Form.Item name="joinedOn" label={t("people.partyMember.joinedOn")}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="workUnitId" label={t("people.partyMember.workUnit")}>
            <UnitPicker />
          </Form.Item>
          <Form.Item
            name="reportedCommunityCode"
            label={t("people.partyMember.reportedCommunity")}
            extra={t("people.partyMember.reportedHint")}
          >
            <AreaSelect />
          </Form.Item>
          <Form.Item name="reportedOn" label={t("people.partyMember.reportedOn")}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </>
      ) : role === "community-worker" ? (
        <>
          <Form.Item name="areaCode" label={t("people.communityWorker.community")} rules={rules.required}>
            <AreaSelect allowClear={false} />
          </Form.Item>
          <Form.Item name="post" label={t("people.communityWorker.post")} rules={rules.required}>
            <Select options={posts} />
          </Form.Item>
          <Form.Item
            name="grade"
            label={t("people.communityWorker.grade")}
            rules={rules.required}
            extra={t("people.communityWorker.gradeHint")}
          >
            <InputNumber min={1} max={18} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="education" label={t("people.communityWorker.education")} rules={rules.required}>
            <Select options={educations} />
          </Form.Item>
          <Form.Item name="socialWorkCredential" label={t("people.communityWorker.credential")} rules={rules.required}>
            <Select options={credentials} />
          </Form.Item>
          <Form.Item name="startedOn" label={t("people.communityWorker.startedOn")}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </>
      ) : role === "leader-pairings" ? (
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap>
                  <Form.Item name={[field.name, "areaCode"]} rules={rules.required} style={{ marginBottom: 0, flex: "1 1 180px" }}>
                    <AreaSelect allowClear={false} placeholder={t("people.leader.community")} style={{ width: "100%" }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "title"]}
                    rules={[...rules.required, ...rules.max(100)]}
                    style={{ marginBottom: 0, flex: "1 1 160px" }}
                  >
                    <Input placeholder={t("people.leader.title")} />
                  </Form.Item>
                  <Form.Item name={[field.name, "since"]} style={{ marginBottom: 0, flex: "0 1 140px" }}>
                    <DatePicker placeholder={t("people.leader.since")} style={{ width: "100%" }} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t("common.remove")}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: "" })} data-testid="pairing-add">
                {t("people.leader.add")}
              </Button>
            </Flex>
          )}
        </Form.List>
      ) : null}
    </FormModal>
  );
}
