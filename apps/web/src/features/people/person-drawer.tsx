import { EyeOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DetailDrawer, DetailList, EditButton } from "../../app/detail";
import { ErrorState } from "../../app/ui";
import { formatDateTime } from "../../shared/format";
import type { Person } from "../../shared/types";
import { usePerson, usePersonalData } from "./api";
import { PersonRoles, RoleTags } from "./person-roles";

/** A person's record. Personal data stays masked until an authorised user asks to see it (which is audited). */
export function PersonDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (person: Person) => void }) {
  const { t } = useTranslation();
  // Which record the user asked to see in full; another record starts masked again.
  const [revealedId, setRevealedId] = useState<string | null>(null);
  const reveal = !!id && revealedId === id;
  const person = usePerson(id);
  const personal = usePersonalData(id, reveal);
  const shown: Person | undefined = reveal && personal.data ? personal.data : person.data;

  return (
    <DetailDrawer
      open={!!id}
      onClose={onClose}
      query={person}
      title={shown ? shown.name : t("people.detail")}
      width={560}
      actions={(record) => (
        <>
          {record.abilities.revealPersonalData && record.masked && !personal.data ? (
            <Button icon={<EyeOutlined />} loading={personal.isFetching} onClick={() => setRevealedId(id)} data-testid="reveal-pii">
              {t("people.reveal")}
            </Button>
          ) : null}
          {record.abilities.update ? (
            <EditButton
              onClick={() => {
                onEdit(shown ?? record);
                // The form now holds what was revealed; the record goes back to masked behind it.
                setRevealedId(null);
              }}
              testId="edit-person"
            />
          ) : null}
        </>
      )}
      skeletonRows={6}
      data-testid="person-drawer"
    >
      {(record) => {
        // What was revealed, once it arrives; the masked record until then.
        const p = shown ?? record;
        return (
          <Flex vertical gap={16}>
            {personal.isError ? <ErrorState error={personal.error} /> : null}
            {reveal && personal.data ? (
              <Alert
                type="warning"
                showIcon
                icon={<SafetyCertificateOutlined />}
                title={t("people.revealedNotice")}
                data-testid="pii-revealed"
              />
            ) : p.masked ? (
              <Typography.Text type="secondary">{t("people.maskedNotice")}</Typography.Text>
            ) : null}
            <DetailList
              items={[
                { key: "name", label: t("people.columns.name"), children: p.name },
                { key: "gender", label: t("people.columns.gender"), children: t(`gender.${p.gender}`) },
                { key: "roles", label: t("people.columns.roles"), children: <RoleTags roles={p.roles} /> },
                {
                  key: "area",
                  label: t("people.columns.area"),
                  children: (
                    <>
                      {p.areaName ?? ""}{" "}
                      <Typography.Text type="secondary" code>
                        {p.areaCode}
                      </Typography.Text>
                    </>
                  ),
                },
                {
                  key: "idNumber",
                  label: t("people.columns.idNumber"),
                  children: <span data-testid="person-id-number-value">{p.idNumber ?? "—"}</span>,
                },
                { key: "phone", label: t("people.columns.phone"), children: p.phone },
                { key: "address", label: t("people.columns.address"), children: p.address },
                { key: "createdAt", label: t("common.createdAt"), children: formatDateTime(p.createdAt) },
                {
                  key: "masked",
                  label: t("people.dataState"),
                  children: p.masked ? <Tag>{t("people.masked")}</Tag> : <Tag color="orange">{t("people.unmasked")}</Tag>,
                },
              ]}
            />
            <PersonRoles person={p} />
          </Flex>
        );
      }}
    </DetailDrawer>
  );
}
