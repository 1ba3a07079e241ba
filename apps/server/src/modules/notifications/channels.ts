import type { Config } from "../../config.js";

/** A message as a channel delivers it: the address in clear (decrypted just before sending) and the text. */
export interface OutgoingMessage {
  /** a mobile number */
  to: string;
  title: string;
  text: string;
  kind: string;
  caseId: string | null;
}

/** An external channel. Adapters come from the configuration; without one a message is only recorded. */
export interface NotificationChannel {
  name: "sms" | "wechat" | "log";
  send(msg: OutgoingMessage): Promise<void>;
}

/** The configured adapters by channel name. A channel without an adapter falls back to the `log` adapter. */
export type ChannelSet = Partial<Record<"sms" | "wechat", NotificationChannel>>;

/** The default adapter: nothing leaves the system; the outbox row shows what would have been sent. */
export const logChannel: NotificationChannel = {
  name: "log",
  send: async () => {},
};

/**
 * An adapter that posts each message as JSON to a gateway: `{to, title, text, kind, caseId}`, with
 * `Authorization: Bearer <token>` when a token is set. The SMS gateway sends `text` to the number; the WeChat
 * gateway sends a template message to the user bound to the number. Any answer but 2xx is a failed attempt.
 */
export function httpChannel(
  name: "sms" | "wechat",
  endpoint: string,
  opts: { token?: string; timeoutMs?: number } = {},
): NotificationChannel {
  return {
    name,
    async send(msg) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const res = await fetch(endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ to: msg.to, title: msg.title, text: msg.text, kind: msg.kind, caseId: msg.caseId }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
      });
      // The body is read so the connection is released; its content is not logged (it may echo the address).
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`${name} gateway answered ${res.status}`);
    },
  };
}

/** The adapters the configuration names (SMS_ENDPOINT + SMS_TOKEN, WECHAT_ENDPOINT + WECHAT_TOKEN). */
export function configuredChannels(config: Pick<Config, "sms" | "wechat">): ChannelSet {
  const out: ChannelSet = {};
  if (config.sms) out.sms = httpChannel("sms", config.sms.endpoint, { token: config.sms.token });
  if (config.wechat) out.wechat = httpChannel("wechat", config.wechat.endpoint, { token: config.wechat.token });
  return out;
}

/**
 * The channel a message to a resident's mobile number is queued on: SMS when configured, else WeChat when
 * configured, else SMS (then only recorded, so the outbox shows what a configured gateway would send).
 */
export function externalChannel(config: Pick<Config, "sms" | "wechat">): "sms" | "wechat" {
  return !config.sms && config.wechat ? "wechat" : "sms";
}
