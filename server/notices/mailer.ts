import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per outbox message: a receiving server that sees it twice can drop the copy. */
  messageId: string;
}

/** Hands one message to a mail server; rejects with the server's error (with `responseCode`). */
export type Mailer = (mail: OutgoingMail) => Promise<void>;

/** A mailer over SMTP (smtp:// or smtps:// URL with credentials), sending as `from`. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return async (mail) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
    });
  };
}

/** The SMTP reply code of a failed send, when the server gave one. */
export function smtpCodeOf(err: unknown): number | undefined {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" ? code : undefined;
}
