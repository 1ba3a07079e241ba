import { Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useDepartments } from "./api";

/** The handler of an assignment or a transfer: its kind, then a department from the list or the handler's id. */
export function HandlerFields({ kinds }: { kinds: readonly string[] }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const kind = Form.useWatch(["handler", "kind"]);
  return (
    <>
      <Form.Item name={["handler", "kind"]} label={t("caseDesk.handlerKind")} rules={[{ required: true }]}>
        <Select options={kinds.map((k) => ({ value: k, label: t(`caseDesk.handlerKinds.${k}`) }))} data-testid="handler-kind" />
      </Form.Item>
      {kind === "department" ? (
        <Form.Item name={["handler", "ref"]} label={t("caseDesk.handler")} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            loading={departments.isPending}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            data-testid="handler-department"
          />
        </Form.Item>
      ) : kind ? (
        <Form.Item
          name={["handler", "ref"]}
          label={t("caseDesk.handlerRef")}
          extra={t("caseDesk.handlerRefHelp")}
          rules={[{ required: true }]}
        >
          <Input data-testid="handler-ref" />
        </Form.Item>
      ) : null}
      {kind === "volunteer_team" ? (
        <Form.Item name={["handler", "label"]} label={t("caseDesk.handlerLabel")}>
          <Input />
        </Form.Item>
      ) : null}
    </>
  );
}
