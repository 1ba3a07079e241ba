// The score's weights in force for the area being assessed, and (with assessment.manage) setting or clearing its own.
import { EditOutlined, UndoOutlined } from "@ant-design/icons";
import { App, Button, Flex, Form, InputNumber, Popconfirm, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../app/form";
import { errorMessage } from "../../shared/query";
import { useArea } from "../areas/api";
import { type AssessmentWeights, useSaveWeights, useWeights, type WeightsInput } from "./api";

const PARTS = ["response", "resolution", "satisfaction"] as const;

/** "响应率 30% · 解决率 35% · 满意率 35%". */
export function WeightsText({ weights }: { weights: Pick<AssessmentWeights, (typeof PARTS)[number]> }) {
  const { t } = useTranslation();
  return <>{PARTS.map((p) => `${t(`assessment.metrics.${p}`)} ${weights[p]}%`).join(" · ")}</>;
}

function SourceTag({ source, areaCode }: { source: string | null; areaCode: string }) {
  const { t } = useTranslation();
  const area = useArea(source && source !== areaCode ? source : null);
  if (!source) return <Tag style={{ marginInlineEnd: 0 }}>{t("assessment.weights.default")}</Tag>;
  if (source === areaCode)
    return (
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {t("assessment.weights.own")}
      </Tag>
    );
  return (
    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
      {t("assessment.weights.inherited", { area: area.data?.name ?? source })}
    </Tag>
  );
}

/** The weights line above the table; `areaCode` is the area assessed (null for a department's or unit's own row). */
export function WeightsBar({
  areaCode,
  areaName,
  fallback,
  canManage,
}: {
  areaCode: string | null;
  areaName: string | null;
  /** the weights of the rows, when there is no area to ask about */
  fallback: AssessmentWeights | null;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const weights = useWeights(areaCode ?? undefined, !!areaCode);
  const save = useSaveWeights();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Omit<WeightsInput, "areaCode">>();
  const shown = areaCode ? weights.data : fallback;
  if (!shown) return null;

  return (
    <Flex gap={8} wrap align="center" data-testid="assessment-weights">
      <Typography.Text type="secondary">{t("assessment.weights.label")}</Typography.Text>
      <Typography.Text strong data-testid="assessment-weights-value">
        <WeightsText weights={shown} />
      </Typography.Text>
      {areaCode ? <SourceTag source={shown.source} areaCode={areaCode} /> : null}
      {canManage && areaCode ? (
        <>
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              save.reset();
              setOpen(true);
            }}
            data-testid="assessment-weights-edit"
          >
            {t("assessment.weights.edit")}
          </Button>
          {shown.source === areaCode ? (
            <Popconfirm
              title={t("assessment.weights.clearConfirm")}
              okText={t("common.confirm")}
              cancelText={t("common.cancel")}
              onConfirm={() =>
                save
                  .mutateAsync({ clear: true, areaCode })
                  .then(() => message.success(t("assessment.weights.cleared")))
                  .catch((err: unknown) => message.error(errorMessage(err)))
              }
            >
              <Button size="small" icon={<UndoOutlined />} data-testid="assessment-weights-clear">
                {t("assessment.weights.clear")}
              </Button>
            </Popconfirm>
          ) : null}
          <FormModal<Omit<WeightsInput, "areaCode">>
            open={open}
            title={t("assessment.weights.editTitle", { area: areaName ?? areaCode })}
            form={form}
            save={save}
            onClose={() => setOpen(false)}
            initialValues={{ response: shown.response, resolution: shown.resolution, satisfaction: shown.satisfaction }}
            onFinish={async (v) => {
              await save.mutateAsync({ areaCode, response: v.response, resolution: v.resolution, satisfaction: v.satisfaction });
              message.success(t("assessment.weights.saved"));
              setOpen(false);
            }}
            data-testid="assessment-weights-modal"
          >
            <Typography.Paragraph type="secondary">{t("assessment.weights.help")}</Typography.Paragraph>
            {PARTS.map((p, i) => (
              <Form.Item
                key={p}
                name={p}
                label={t(`assessment.metrics.${p}`)}
                dependencies={i === PARTS.length - 1 ? ["response", "resolution"] : undefined}
                rules={[
                  { required: true, message: t("validation.required") },
                  ...(i === PARTS.length - 1
                    ? [
                        ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
                          validator: () => {
                            const sum = PARTS.reduce((s, k) => s + (Number(getFieldValue(k)) || 0), 0);
                            return Math.round(sum * 100) === 10_000
                              ? Promise.resolve()
                              : Promise.reject(new Error(t("assessment.weights.sumRule", { sum: Math.round(sum * 100) / 100 })));
                          },
                        }),
                      ]
                    : []),
                ]}
              >
                <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: 160 }} data-testid={`weights-${p}`} />
              </Form.Item>
            ))}
          </FormModal>
        </>
      ) : null}
    </Flex>
  );
}
