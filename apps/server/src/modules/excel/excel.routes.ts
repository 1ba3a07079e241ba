import fastifyMultipart from "@fastify/multipart";
import { ERROR_MESSAGES, pickLocale } from "@gongzhi/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { exportRoutes } from "./exports.js";
import { IMPORT_KINDS, KINDS } from "./import-kinds.js";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MODES, runImport } from "./imports.js";
import { buildTemplate } from "./templates.js";
import { xlsxDownload } from "./workbook.js";

const tags = ["excel"];

const reportSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  mode: z.enum(IMPORT_MODES),
  valid: z.boolean(),
  total: z.number().int(),
  validRows: z.number().int(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: z.string().nullable(),
      value: z.union([z.string(), z.number()]).nullable().optional(),
      message: z.string(),
    }),
  ),
  imported: z.number().int().optional(),
  skipped: z.array(z.number().int()).optional(),
});

/** The files of an import: the workbook (`file`) and, for grids, the boundaries (`geojson`). Other parts are read and dropped. */
async function readUpload(req: FastifyRequest): Promise<{ file: Buffer; geojson?: Buffer }> {
  if (!req.isMultipart()) throw new AppError("import.file_required");
  const files: { file?: Buffer; geojson?: Buffer } = {};
  try {
    for await (const part of req.parts()) {
      if (part.type !== "file") continue;
      const data = await part.toBuffer();
      if (part.fieldname === "file" || part.fieldname === "geojson") files[part.fieldname] = data;
    }
  } catch (err) {
    // Limits answer 413; a body that is not multipart after all (no boundary, cut short) is the request's fault.
    const status = (err as { statusCode?: number }).statusCode;
    if (err instanceof AppError || (status && status >= 400 && status < 500)) throw err;
    throw new AppError("request.malformed");
  }
  if (!files.file?.length) throw new AppError("import.file_required");
  return { file: files.file, geojson: files.geojson?.length ? files.geojson : undefined };
}

/** Excel: exports of the registry lists, import templates, and imports checked row by row before anything is written. */
export async function excelRoutes(app: FastifyInstance, deps: Deps) {
  // Uploads are read into memory: one workbook and one GeoJSON file, each at most 5 MB (413 beyond).
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: IMPORT_MAX_BYTES, files: 2, fields: 10, parts: 12, fieldSize: 1024 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  exportRoutes(app, deps);

  for (const kind of IMPORT_KINDS) {
    const def = KINDS[kind];

    r.get(
      `/api/v1/imports/templates/${kind}.xlsx`,
      {
        config: { permission: def.permission },
        schema: {
          tags,
          summary: `The import template of ${kind}: Chinese headers, a note row, drop-downs and an example row`,
          produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        },
      },
      async (_req, reply) => {
        const body = await buildTemplate(def);
        return xlsxDownload(reply, `${def.label}导入模板.xlsx`, `${kind}-template.xlsx`).send(body);
      },
    );

    r.post(
      `/api/v1/imports/${kind}`,
      {
        config: { permission: def.permission },
        schema: {
          tags,
          summary: `Import ${kind} from the template (.xlsx, multipart field \`file\`${kind === "grids" ? "; boundaries in the sheet or a GeoJSON FeatureCollection in `geojson`" : ""})`,
          description:
            "Every cell and every row is checked against the registry's rules; errors name the Excel row, the column's header and why, " +
            "in the caller's language. `dry-run` writes nothing; `commit` writes all rows in one transaction, or nothing (422 with the " +
            "report, code import.invalid) when any row is invalid; `commit-valid` writes the valid rows and lists the skipped ones. " +
            `A file that is not an .xlsx of the template answers 400; files over ${IMPORT_MAX_BYTES / 1024 / 1024} MB 413; ` +
            `at most ${IMPORT_MAX_ROWS} rows.` +
            (kind === "party-members" || kind === "community-workers"
              ? " People are matched by ID number; registering a new person needs people.write."
              : ""),
          querystring: z.object({ mode: z.enum(IMPORT_MODES).default("dry-run") }),
          response: { 200: reportSchema, 422: reportSchema.extend({ code: z.literal("import.invalid"), message: z.string() }) },
        },
      },
      async (req, reply) => {
        const { file, geojson } = await readUpload(req);
        const locale = pickLocale(req.headers["accept-language"]);
        const { status, report } = await runImport(deps, req.actor!, {
          def,
          mode: req.query.mode,
          locale,
          ip: req.ip,
          file,
          geojson: kind === "grids" ? geojson : undefined,
        });
        if (status === 422) {
          return reply.status(422).send({ code: "import.invalid" as const, message: ERROR_MESSAGES["import.invalid"][locale], ...report });
        }
        return report;
      },
    );
  }
}
