// How each figure of the assessment is derived (the server's assessment.rules.ts, in plain words), shown on demand.
import { QuestionCircleOutlined } from "@ant-design/icons";
import { Button, Descriptions, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ASSESSMENT_METRICS } from "./api";

export function RulesHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} data-testid="assessment-rules">
        {t("assessment.rules.button")}
      </Button>
      <Modal
        open={open}
        title={t("assessment.rules.title")}
        onCancel={() => setOpen(false)}
        footer={null}
        width={720}
        data-testid="assessment-rules-modal"
      >
        <Typography.Paragraph type="secondary">{t("assessment.rules.intro")}</Typography.Paragraph>
        <Descriptions
          column={1}
          size="small"
          bordered
          styles={{ label: { width: 120, verticalAlign: "top" } }}
          items={[
            ...ASSESSMENT_METRICS.map((m) => ({
              key: m,
              label: t(`assessment.metrics.${m}`),
              children: (
                <>
                  <Typography.Text strong>{t(`assessment.rules.formulas.${m}`)}</Typography.Text>
                  <Typography.Paragraph style={{ margin: "4px 0 0" }}>{t(`assessment.rules.texts.${m}`)}</Typography.Paragraph>
                </>
              ),
            })),
            {
              key: "score",
              label: t("assessment.score"),
              children: <Typography.Paragraph style={{ margin: 0 }}>{t("assessment.rules.score")}</Typography.Paragraph>,
            },
            {
              key: "rows",
              label: t("assessment.rules.rowsLabel"),
              children: <Typography.Paragraph style={{ margin: 0 }}>{t("assessment.rules.rows")}</Typography.Paragraph>,
            },
          ]}
        />
      </Modal>
    </>
  );
}
