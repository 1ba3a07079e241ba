import {
  inboxSchema,
  notificationSchema,
  OUTBOX_CHANNELS,
  OUTBOX_STATUSES,
  outboxItemSchema,
  pageOf,
  pageQuerySchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { trackedCase, trackingCodeSchema, trackingGuard } from "../cases/intake.public.js";
import { listForTrackingCode, listInbox, markAllRead, markRead } from "./notifications.repository.js";
import { listOutbox } from "./outbox.js";

/** The in-app inbox of staff and residents, the reporter's messages by tracking code, and the outbox page. */
export async function notificationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ["notifications"];
  const guard = trackingGuard();

  r.get(
    "/api/v1/inbox",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The account's notifications, newest first, with the unread count",
        querystring: pageQuerySchema.extend({ unread: z.enum(["true", "false"]).optional() }),
        response: { 200: inboxSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { page, pageSize } = req.query;
      if (actor.kind !== "account") return { items: [], total: 0, unread: 0, page, pageSize };
      const inbox = await listInbox(db, actor.id, { page, pageSize, unreadOnly: req.query.unread === "true" });
      return { ...inbox, page, pageSize };
    },
  );

  r.post(
    "/api/v1/inbox/:id/read",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Mark one of the account's notifications read",
        params: z.object({ id: z.string().regex(/^\d{1,18}$/) }),
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      if (actor.kind !== "account" || !(await markRead(db, actor.id, Number(req.params.id)))) throw notFound();
      const { unread } = await listInbox(db, actor.id, { page: 1, pageSize: 1, unreadOnly: true });
      return { unread };
    },
  );

  r.post(
    "/api/v1/inbox/read-all",
    {
      config: { permission: "authenticated" },
      schema: { tags, summary: "Mark all of the account's notifications read", response: { 200: z.object({ unread: z.number().int() }) } },
    },
    async (req) => {
      const actor = req.actor!;
      if (actor.kind === "account") await markAllRead(db, actor.id);
      return { unread: 0 };
    },
  );

  r.get(
    "/api/v1/cases/track/:code/notifications",
    {
      // Public on purpose: a reporter without an account follows the case with its tracking code.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "What the reporter holding a tracking code has been told, newest first",
        params: z.object({ code: trackingCodeSchema }),
        response: { 200: z.object({ items: z.array(notificationSchema) }) },
      },
    },
    async (req) => {
      const c = await trackedCase(db, guard, req, req.params.code);
      return { items: await listForTrackingCode(db, c.tracking_code) };
    },
  );

  r.get(
    "/api/v1/outbox",
    {
      config: { permission: "outbox.read" },
      schema: {
        tags,
        summary: "Messages for external channels in scope, newest first: sent, pending, failed, or only recorded",
        description:
          "Addresses are masked. With no SMS_ENDPOINT / WECHAT_ENDPOINT configured every message is 'recorded': the page shows what would be sent.",
        querystring: pageQuerySchema.extend({
          status: z.enum(OUTBOX_STATUSES).optional(),
          channel: z.enum(OUTBOX_CHANNELS).optional(),
          caseId: z.string().uuid().optional(),
        }),
        response: { 200: pageOf(outboxItemSchema) },
      },
    },
    async (req) => {
      const { items, total } = await listOutbox(db, req.actor!, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
}
