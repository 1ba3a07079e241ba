import ExcelJS from "exceljs";
import type { ImportColumn } from "./cells.js";
import type { ImportKindDef } from "./import-kinds.js";
import { IMPORT_MAX_ROWS, noteOf } from "./imports.js";
import { EXAMPLE_FONT, HEADER_FILL, HEADER_FONT, NOTE_FILL, NOTE_FONT, REQUIRED_FONT } from "./workbook.js";

/** Rows of the template that get the drop-downs and text formats (the example row and those below it). */
const TEMPLATE_ROWS = 1_000;

/** Columns whose values are codes or numbers written as text, so that Excel keeps every digit. */
const TEXT_TYPES = new Set<ImportColumn["cell"]["type"]>(["areaCode", "idNumber", "phone", "text"]);

interface DataValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

/**
 * The import template of a kind: the header row (required columns in red), a note row saying for each column
 * whether it is required, what it holds and which values it allows, and one example row; drop-downs on the
 * columns with a fixed set of values, and a second sheet with the instructions.
 */
export async function buildTemplate(def: ImportKindDef): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "共治";
  const ws = wb.addWorksheet(def.label, { views: [{ state: "frozen", ySplit: 2, xSplit: 0 }] });
  ws.columns = def.columns.map((c) => ({ key: c.key, width: Math.max(c.width, 12) }));

  const header = ws.getRow(1);
  const notes = ws.getRow(2);
  const example = ws.getRow(3);
  let noteLines = 1;
  def.columns.forEach((c, i) => {
    const col = i + 1;
    const h = header.getCell(col);
    h.value = c.header;
    h.font = c.required ? REQUIRED_FONT : HEADER_FONT;
    h.fill = HEADER_FILL;
    h.alignment = { vertical: "middle", horizontal: "center" };
    const n = notes.getCell(col);
    const note = noteOf(c);
    n.value = note;
    n.font = NOTE_FONT;
    n.fill = NOTE_FILL;
    n.alignment = { wrapText: true, vertical: "top" };
    noteLines = Math.max(noteLines, Math.ceil((note.length * 2) / Math.max(c.width, 12)));
    const e = example.getCell(col);
    e.value = c.example;
    e.font = EXAMPLE_FONT;
    if (TEXT_TYPES.has(c.cell.type)) {
      ws.getColumn(col).numFmt = "@";
      e.numFmt = "@";
    }
  });
  header.height = 22;
  notes.height = Math.min(15 * noteLines, 200);

  const dv = (ws as unknown as { dataValidations: DataValidations }).dataValidations;
  def.columns.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter;
    const range = `${letter}3:${letter}${TEMPLATE_ROWS + 2}`;
    const options = c.cell.type === "enum" ? Object.values(c.cell.labels) : c.cell.type === "bool" ? ["是", "否"] : null;
    if (options) {
      dv.add(range, {
        type: "list",
        allowBlank: !c.required,
        formulae: [`"${options.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: c.header,
        error: `请从下拉列表中选择：${options.join("、")}`,
      });
    } else if (c.cell.type === "date") {
      dv.add(range, {
        type: "date",
        operator: "between",
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: c.header,
        error: "日期格式为 YYYY-MM-DD",
      });
    }
  });

  const help = wb.addWorksheet("填写说明");
  help.columns = [{ width: 100 }];
  const lines = [
    `${def.label}导入模板 · 填写说明`,
    "1. 第 1 行为表头，请勿修改或删除；红色表头为必填列。",
    "2. 第 2 行说明每列的含义、是否必填和可选的值；第 3 行为示例，原样保留时导入会忽略它，也可直接改写为数据。",
    "3. 从第 3 行起每行填写一条记录；有下拉列表的列请从列表中选择，也可填写对应的英文代码。",
    "4. 区划代码、身份证号、手机号等请以文本格式填写，以免 Excel 丢失位数；日期格式为 YYYY-MM-DD。",
    `5. 每个文件至多 ${IMPORT_MAX_ROWS} 行、5 MB。上传后先“检查”：系统逐行逐列列出问题及原因，不写入任何数据；全部无误后再导入，或选择只导入有效的行。`,
    ...(def.kind === "grids"
      ? [
          "6. 网格边界可填在“边界（GeoJSON）”列，或另附一个 GeoJSON 文件（FeatureCollection），每个要素的 properties.code 为对应的网格编码。",
        ]
      : []),
    ...(def.kind === "party-members" || def.kind === "community-workers"
      ? ["6. 人员按身份证号匹配：已登记的人员只补充身份信息，不修改其个人信息；未登记的将新登记，此时须填写居住区划代码。"]
      : []),
  ];
  lines.forEach((text, i) => {
    const cell = help.getRow(i + 1).getCell(1);
    cell.value = text;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 13 };
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
