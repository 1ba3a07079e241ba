// 信息化采集: a batch of records from another system (an .xlsx sheet), checked first, then written one by one.
import { CloudUploadOutlined, InboxOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Flex, Input, Modal, Result, Table, Tag, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { errorMessage } from "../../shared/query";

interface BatchReport {
  dryRun: boolean;
  total: number;
  created: number;
  existing: number;
  failed: number;
  items: {
    row: number;
    externalId: string | null;
    status: "created" | "existing" | "valid" | "error";
    id: string | null;
    number: string | null;
  }[];
  errors: { row: number; column: string | null; message: string }[];
}

const STATUS_COLOR = { created: "green", existing: "blue", valid: "green", error: "red" } as const;
const SYSTEM = /^[A-Za-z0-9_.-]{1,40}$/;

export function BatchImportButton() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [system, setSystem] = useState("");
  const [report, setReport] = useState<BatchReport | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      const body = new FormData();
      body.append("file", file as File);
      return api<BatchReport>("/api/v1/cases/batch", {
        method: "POST",
        query: { dryRun: String(dryRun), system: system.trim() || undefined },
        body,
      });
    },
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun) void client.invalidateQueries({ queryKey: ["cases"] });
    },
  });
  const reset = () => {
    setFile(null);
    setReport(null);
    run.reset();
  };
  const systemOk = !system.trim() || SYSTEM.test(system.trim());
  const done = report && !report.dryRun;
  const footer = done ? (
    <Button type="primary" onClick={() => setOpen(false)}>
      {t("excel.done")}
    </Button>
  ) : (
    <Flex gap={8} justify="flex-end" wrap>
      <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
      {report ? (
        <Button
          type="primary"
          disabled={report.items.every((i) => i.status === "error")}
          loading={run.isPending}
          onClick={() => run.mutate(false)}
          data-testid="batch-commit"
        >
          {t("caseBatch.commit", { count: report.items.filter((i) => i.status !== "error").length })}
        </Button>
      ) : (
        <Button
          type="primary"
          disabled={!file || !systemOk}
          loading={run.isPending}
          onClick={() => run.mutate(true)}
          data-testid="batch-check"
        >
          {t("excel.check")}
        </Button>
      )}
    </Flex>
  );
  return (
    <>
      <Button
        icon={<CloudUploadOutlined />}
        onClick={() => {
          reset();
          setOpen(true);
        }}
        data-testid="case-batch"
      >
        {t("caseBatch.button")}
      </Button>
      <Modal open={open} title={t("caseBatch.title")} onCancel={() => setOpen(false)} footer={footer} width={760} destroyOnHidden>
        <Flex vertical gap={16}>
          {run.isError ? <Alert type="error" showIcon title={errorMessage(run.error)} /> : null}
          {done ? (
            <Result
              status={report.failed ? "warning" : "success"}
              title={t("caseBatch.done", { created: report.created, existing: report.existing, failed: report.failed })}
              data-testid="batch-result"
            />
          ) : (
            <>
              <Alert type="info" showIcon title={t("caseBatch.columns")} description={t("caseBatch.columnsText")} />
              <Input
                addonBefore={t("caseBatch.system")}
                placeholder="import"
                value={system}
                status={systemOk ? undefined : "error"}
                onChange={(e) => {
                  setSystem(e.target.value);
                  setReport(null);
                }}
                maxLength={40}
              />
              <Upload.Dragger
                accept=".xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  setReport(null);
                  run.reset();
                  return false;
                }}
                onRemove={() => reset()}
                fileList={file ? [{ uid: "batch", name: file.name, status: "done" }] : []}
                data-testid="batch-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t("caseBatch.drop")}</p>
              </Upload.Dragger>
            </>
          )}
          {report ? (
            <>
              {report.dryRun ? (
                <Alert
                  type={report.failed ? "warning" : "success"}
                  showIcon
                  title={t("caseBatch.checked", { total: report.total, failed: report.failed })}
                  data-testid="batch-report"
                />
              ) : null}
              {report.errors.length ? (
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  dataSource={report.errors}
                  columns={[
                    { key: "row", title: t("excel.columns.row"), dataIndex: "row", width: 70 },
                    { key: "column", title: t("excel.columns.column"), dataIndex: "column", width: 120 },
                    { key: "message", title: t("excel.columns.message"), dataIndex: "message" },
                  ]}
                />
              ) : null}
              {!report.dryRun ? (
                <Table
                  size="small"
                  rowKey="row"
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  dataSource={report.items.filter((i) => i.id)}
                  columns={[
                    { key: "row", title: t("excel.columns.row"), dataIndex: "row", width: 70 },
                    { key: "externalId", title: t("caseBatch.externalId"), dataIndex: "externalId", width: 140 },
                    {
                      key: "number",
                      title: t("caseDesk.columns.number"),
                      render: (_, i) => (i.id ? <Link to={`/cases/${i.id}`}>{i.number}</Link> : null),
                    },
                    {
                      key: "status",
                      title: t("caseBatch.status"),
                      render: (_, i) => <Tag color={STATUS_COLOR[i.status]}>{t(`caseBatch.statuses.${i.status}`)}</Tag>,
                      width: 100,
                    },
                  ]}
                />
              ) : null}
            </>
          ) : null}
        </Flex>
      </Modal>
    </>
  );
}
