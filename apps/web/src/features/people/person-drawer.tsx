import { EditOutlined, EyeOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Descriptions, Drawer, Flex, Grid, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../app/ui";
import { formatDateTime } from "../../shared/format";
import type { Person } from "../../shared/types";
import { usePerson, usePersonalData } from "./api";
import { PersonRoles, RoleTags } from "./person-roles";

/** A person's record. Personal data stays masked until an authorised user asks to see it (which is audited). */
export function PersonDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (person: Person) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // Which record the user asked to see in full; another record starts masked again.
  const [revealedId, setRevealedId] = useState<string | null>(null);
  const reveal = !!id && revealedId === id;
  const person = usePerson(id);
  const personal = usePersonalData(id, reveal);
  const shown: Person | undefined = reveal && personal.data ? personal.data : person.data;

  const footer = person.data ? (
    <Flex gap={8} justify="flex-end" wrap>
      {person.data.abilities.revealPersonalData && person.data.masked && !personal.data ? (
        <Button icon={<EyeOutlined />} loading={personal.isFetching} onClick={() => setRevealedId(id)} data-testid="reveal-pii">
          {t("people.reveal")}
        </Button>
      ) : null}
      {person.data.abilities.update ? (
        <Button
          type="primary"
          icon={<EditOutlined />}
          onClick={() => {
            if (!shown) return;
            onEdit(shown);
            // The form now holds what was revealed; the record goes back to masked behind it.
            setRevealedId(null);
          }}
          data-testid="edit-person"
        >
          {t("common.edit")}
        </Button>
      ) : null}
    </Flex>
  ) : null;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      title={shown ? shown.name : t("people.detail")}
      size={screens.md ? 560 : "100%"}
      footer={footer}
      destroyOnHidden
      data-testid="person-drawer"
    >
      {person.isError ? (
        <ErrorState error={person.error} onRetry={() => void person.refetch()} />
      ) : person.isPending || !shown ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
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
          ) : shown.masked ? (
            <Typography.Text type="secondary">{t("people.maskedNotice")}</Typography.Text>
          ) : null}
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: "name", label: t("people.columns.name"), children: shown.name },
              { key: "gender", label: t("people.columns.gender"), children: t(`gender.${shown.gender}`) },
              { key: "roles", label: t("people.columns.roles"), children: <RoleTags roles={shown.roles} /> },
              {
                key: "area",
                label: t("people.columns.area"),
                children: (
                  <>
                    {shown.areaName ?? ""}{" "}
                    <Typography.Text type="secondary" code>
                      {shown.areaCode}
                    </Typography.Text>
                  </>
                ),
              },
              {
                key: "idNumber",
                label: t("people.columns.idNumber"),
                children: <span data-testid="person-id-number-value">{shown.idNumber ?? "—"}</span>,
              },
              { key: "phone", label: t("people.columns.phone"), children: shown.phone ?? "—" },
              { key: "address", label: t("people.columns.address"), children: shown.address ?? "—" },
              { key: "createdAt", label: t("common.createdAt"), children: formatDateTime(shown.createdAt) },
              {
                key: "masked",
                label: t("people.dataState"),
                children: shown.masked ? <Tag>{t("people.masked")}</Tag> : <Tag color="orange">{t("people.unmasked")}</Tag>,
              },
            ]}
          />
          <PersonRoles person={shown} />
        </Flex>
      )}
    </Drawer>
  );
}
