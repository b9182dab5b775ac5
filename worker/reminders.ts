/**
 * Reminders by e-mail: the late list's text (console-views.ts lateView), sent to each unit's
 * address through the office's SMTP server (nodemailer), each one recorded (an event: to whom, when,
 * by whom) and shown on the board. Without an SMTP server configured the console keeps the texts to
 * copy, as before.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config.ts';
import type { EventStore } from './ledger/contract.ts';

/** The event of a reminder sent. */
export const REMINDER_SENT = 'reminder_sent';

export interface ReminderMail {
  unit: string;
  name: string;
  to: string;
  subject: string;
  text: string;
}

export interface ReminderOutcome {
  sent: { unit: string; name: string; to: string }[];
  failed: { unit: string; name: string; reason: string }[];
}

type Smtp = NonNullable<Config['smtp']>;

let transports = new WeakMap<Smtp, Transporter>();

function transport(smtp: Smtp): Transporter {
  let t = transports.get(smtp);
  if (!t) {
    const password = smtp.password ?? process.env.PHULUC_SMTP_PASSWORD;
    t = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure ?? smtp.port === 465,
      ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? '' } } : {}),
      // The office's own server, often with a certificate of its own making: refused unless told to trust it.
      tls: { rejectUnauthorized: smtp.rejectUnauthorized ?? true },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(smtp, t);
  }
  return t;
}

/** Forgets the transports (tests start SMTP servers of their own). */
export function resetTransports(): void {
  transports = new WeakMap();
}

/** Why a send failed, in the planning office's words (the server's own English goes to the log). */
function reason(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ECONNECTION' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ESOCKET')
    return 'không kết nối được hộp thư điện tử của cơ quan; hãy thử lại sau hoặc báo bộ phận kỹ thuật';
  if (code === 'EAUTH') return 'hộp thư điện tử của cơ quan từ chối đăng nhập (sai tài khoản gửi thư trong cấu hình); hãy báo bộ phận kỹ thuật';
  if (code === 'EENVELOPE') return 'hộp thư điện tử của cơ quan không nhận địa chỉ người nhận; hãy kiểm tra địa chỉ thư điện tử của đơn vị';
  return 'hộp thư điện tử của cơ quan không nhận thư; hãy thử lại sau hoặc báo bộ phận kỹ thuật';
}

/** Sends the mails one by one (a failure stops none of the others), recording each one sent. */
export async function sendReminders(
  smtp: Smtp,
  mails: ReminderMail[],
  record: { events: EventStore; period: string; actor: string; now: () => Date; log?: { warn: (o: object, m: string) => void } },
): Promise<ReminderOutcome> {
  const out: ReminderOutcome = { sent: [], failed: [] };
  for (const m of mails) {
    try {
      await transport(smtp).sendMail({ from: smtp.from, to: m.to, subject: m.subject, text: m.text, ...(smtp.replyTo ? { replyTo: smtp.replyTo } : {}) });
      await record.events.addEvent({
        at: record.now().toISOString(),
        kind: REMINDER_SENT,
        period: record.period,
        unit: m.unit,
        actor: record.actor,
        sha256: null,
        detail: { to: m.to, subject: m.subject },
      });
      out.sent.push({ unit: m.unit, name: m.name, to: m.to });
    } catch (e) {
      record.log?.warn({ err: e, unit: m.unit, to: m.to }, 'reminder not sent');
      out.failed.push({ unit: m.unit, name: m.name, reason: reason(e) });
    }
  }
  return out;
}
