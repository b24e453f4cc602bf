import { redactAddresses } from '../../../../platform/notify/notify.js'
import nodemailer from 'nodemailer'
import type { Config } from '../../../../platform/config.js'

/**
 * SMTP for the notifications hub. The platform's mailer sends one-off mails (login links); the
 * hub needs what bulk mail needs on top — its own headers (List-Unsubscribe, RFC 8058), a
 * deterministic Message-ID, and a pooled connection so that a mass send does not open one SMTP
 * session per resident. Same configuration (SMTP_URL, MAIL_FROM); without SMTP_URL mail goes
 * nowhere (development: the mail viewer shows it from mail_log).
 */
export interface NoticeMail {
  to: string
  subject: string
  text: string
  html: string
  /** `<…@…>`; the same for a re-send after a crash, so a mailbox can recognise the duplicate */
  messageId: string
  headers: Record<string, string>
}

export type EmailSendResult = { status: 'accepted'; messageId: string } | { status: 'temporary_failure' | 'permanent_failure'; error: string }

export interface EmailTransport {
  send(mail: NoticeMail): Promise<EmailSendResult>
  close(): void
}

interface SmtpError {
  code?: string
  responseCode?: number
  message?: string
}

/**
 * SMTP answers 5xx for what will never work (unknown mailbox, refused content) and 4xx for what
 * may work later (greylisting, full mailbox); a connection problem may pass.
 */
export function classifySmtpError(error: SmtpError): 'temporary_failure' | 'permanent_failure' {
  if (typeof error.responseCode === 'number') return error.responseCode >= 500 ? 'permanent_failure' : 'temporary_failure'
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return 'permanent_failure'
  return 'temporary_failure'
}

export function createEmailTransport(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): EmailTransport {
  const transport = config.SMTP_URL
    ? nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 4, maxMessages: 500 } as never)
    : nodemailer.createTransport({ jsonTransport: true })
  return {
    async send(mail) {
      try {
        const info = (await transport.sendMail({
          from: config.MAIL_FROM,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
        })) as { messageId?: string; rejected?: unknown[] }
        if (Array.isArray(info.rejected) && info.rejected.length > 0) return { status: 'permanent_failure', error: 'the mail server refused the address' }
        return { status: 'accepted', messageId: String(info.messageId ?? mail.messageId) }
      } catch (error) {
        const smtp = error as SmtpError
        // The server's reply may quote the address: keep personal data out of the stored error.
        return { status: classifySmtpError(smtp), error: redactAddresses(`SMTP ${smtp.responseCode ?? smtp.code ?? 'error'}: ${smtp.message ?? 'failed'}`) }
      }
    },
    close() {
      transport.close()
    },
  }
}

/** The domain of the From address (Message-IDs are made under it), else the site's host. */
export function mailDomainOf(mailFrom: string, publicUrl: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)
  return match?.[1] ?? new URL(publicUrl).hostname
}
