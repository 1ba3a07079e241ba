// Excel export (a plain download link carrying the list's filters) and the import dialog (dry run, then commit).
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Flex, Modal, Result, Table, Tag, Typography, Upload } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../app/ui";
import { api, buildUrl } from "../../shared/api";
import { isAudited } from "../../shared/query";
import type { ImportKind } from "./constants";

type Filters = Record<string, string | number | boolean | null | undefined>;

/** 导出 Excel: downloads `<list>/export.xlsx` with the same filters as the list on screen (the session cookie authenticates it). */
export function ExportButton({ path, filters, testId = "export-xlsx" }: { path: string; filters?: Filters; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button icon={<DownloadOutlined />} href={buildUrl(path, filters)} download data-testid={testId}>
      {t("excel.export")}
    </Button>
  );
}

export interface ImportReport {
  valid: boolean;
  total: number;
  validRows: number;
  errors: { row: number; column: string | null; value?: unknown; message: string }[];
}

/** The answer to a commit: the rows written and the (invalid) rows left out. */
export interface ImportResult {
  imported: number;
  skipped?: number[];
}

type Mode = "dry-run" | "commit" | "commit-valid";

/** Query keys each kind of import changes. */
const AFFECTS: Record<ImportKind, string[]> = {
  areas: ["areas"],
  grids: ["grids", "areas"],
  units: ["units", "areas"],
  "party-members": ["people", "party-orgs", "areas"],
  "community-workers": ["people", "areas"],
};

function upload(kind: ImportKind, mode: Mode, file: File, geojson: File | null) {
  const body = new FormData();
  body.append("file", file);
  if (geojson) body.append("geojson", geojson);
  return api<ImportReport | ImportResult>(`/api/v1/imports/${kind}`, { method: "POST", query: { mode }, body });
}

function FilePicker({
  accept,
  file,
  onChange,
  hint,
  testId,
}: {
  accept: string;
  file: File | null;
  onChange: (file: File | null) => void;
  hint: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept={accept}
        maxCount={1}
        multiple={false}
        fileList={file ? [{ uid: "-1", name: file.name, status: "done", size: file.size }] : []}
        beforeUpload={(f) => {
          onChange(f);
          return false;
        }}
        onRemove={() => {
          onChange(null);
          return true;
        }}
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
          <InboxOutlined />
        </p>
        <Typography.Text>{t("excel.pick")}</Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      </Upload.Dragger>
    </div>
  );
}

/** The import dialog: template, file(s), a dry run whose errors are listed by row and column, then commit. */
export function ImportDialog({ kind, open, onClose }: { kind: ImportKind; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [geojson, setGeojson] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useMutation({
    mutationFn: ({ mode }: { mode: Mode }) => upload(kind, mode, file as File, geojson),
    onSuccess: (data, { mode }) => {
      if (mode === "dry-run") {
        setReport(data as ImportReport);
        return;
      }
      setResult(data as ImportResult);
      for (const key of AFFECTS[kind]) void queryClient.invalidateQueries({ queryKey: [key], predicate: (q) => !isAudited(q.queryKey) });
    },
  });

  useEffect(() => {
    if (!open) return;
    setFile(null);
    setGeojson(null);
    setReport(null);
    setResult(null);
    run.reset();
  }, [open, run.reset]);

  const changeFile = (setter: (f: File | null) => void) => (f: File | null) => {
    setter(f);
    setReport(null);
    run.reset();
  };

  const footer = result ? (
    <Button type="primary" onClick={onClose} data-testid="import-done">
      {t("excel.done")}
    </Button>
  ) : (
    <Flex gap={8} justify="flex-end" wrap>
      <Button onClick={onClose}>{t("common.cancel")}</Button>
      {report ? null : (
        <Button
          type="primary"
          disabled={!file}
          loading={run.isPending}
          onClick={() => run.mutate({ mode: "dry-run" })}
          data-testid="import-check"
        >
          {t("excel.check")}
        </Button>
      )}
      {report && !report.valid && report.validRows > 0 ? (
        <Button loading={run.isPending} onClick={() => run.mutate({ mode: "commit-valid" })} data-testid="import-commit-valid">
          {t("excel.commitValid", { count: report.validRows })}
        </Button>
      ) : null}
      {report ? (
        <Button
          type="primary"
          disabled={!report.valid}
          loading={run.isPending}
          onClick={() => run.mutate({ mode: "commit" })}
          data-testid="import-commit"
        >
          {t("excel.commit")}
        </Button>
      ) : null}
    </Flex>
  );

  return (
    <Modal
      open={open}
      title={t("excel.importTitle", { what: t(`excel.kinds.${kind}`) })}
      onCancel={onClose}
      footer={footer}
      width={720}
      destroyOnHidden
      data-testid="import-dialog"
    >
      {result ? (
        <Result
          status="success"
          title={t("excel.imported", { count: result.imported })}
          subTitle={
            result.skipped?.length
              ? t("excel.skipped", {
                  count: result.skipped.length,
                  rows: result.skipped.slice(0, 20).join(t("excel.rowSeparator")) + (result.skipped.length > 20 ? "…" : ""),
                })
              : undefined
          }
          data-testid="import-result"
        />
      ) : (
        <Flex vertical gap={16}>
          <Alert type="info" showIcon title={t("excel.steps")} description={t(`excel.hints.${kind}`)} />
          <div>
            <Button icon={<FileExcelOutlined />} href={`/api/v1/imports/templates/${kind}.xlsx`} download data-testid="import-template">
              {t("excel.template")}
            </Button>
          </div>
          <FilePicker accept=".xlsx" file={file} onChange={changeFile(setFile)} hint={t("excel.xlsxHint")} testId="import-file" />
          {kind === "grids" ? (
            <FilePicker
              accept=".geojson,.json"
              file={geojson}
              onChange={changeFile(setGeojson)}
              hint={t("excel.geojsonHint")}
              testId="import-geojson"
            />
          ) : null}
          {run.isError ? <ErrorState error={run.error} /> : null}
          {report ? <ReportView report={report} /> : null}
        </Flex>
      )}
    </Modal>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} data-testid="import-report">
      {report.valid ? (
        <Alert type="success" showIcon title={t("excel.allValid", { total: report.total })} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t("excel.someInvalid", { total: report.total, valid: report.validRows, errors: report.errors.length })}
          description={report.validRows > 0 ? t("excel.invalidHint") : t("excel.noneValid")}
        />
      )}
      {report.errors.length ? (
        <Table
          size="small"
          rowKey={(e) => `${e.row}-${e.column ?? ""}-${e.message}`}
          dataSource={report.errors}
          pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 560 }}
          columns={[
            { key: "row", title: t("excel.columns.row"), dataIndex: "row", width: 72 },
            {
              key: "column",
              title: t("excel.columns.column"),
              dataIndex: "column",
              width: 140,
              render: (c: string | null) => (c ? <Tag>{c}</Tag> : "—"),
            },
            {
              key: "value",
              title: t("excel.columns.value"),
              dataIndex: "value",
              width: 140,
              ellipsis: true,
              render: (v: unknown) => (v === undefined || v === null || v === "" ? "—" : String(v)),
            },
            { key: "message", title: t("excel.columns.message"), dataIndex: "message" },
          ]}
          data-testid="import-errors"
        />
      ) : null}
    </Flex>
  );
}

interface ImportButtonProps {
  kind: ImportKind;
  label?: string;
  testId?: string;
}

/** 导入: the button that opens the import dialog of one kind. */
export function ImportButton({ kind, label, testId = "import-xlsx" }: ImportButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={testId}>
        {label ?? t("excel.import")}
      </Button>
      <ImportDialog kind={kind} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** A list's Excel buttons: 导出 with the list's filters, then the 导入 of each kind given (none for those who may not import). */
export function ExcelActions({ path, filters, imports }: { path: string; filters?: Filters; imports: ImportButtonProps[] | false }) {
  return (
    <>
      <ExportButton path={path} filters={filters} />
      {imports ? imports.map((props) => <ImportButton key={props.kind} {...props} />) : null}
    </>
  );
}
