import nodemailer from 'nodemailer'
import type { Config } from '../config.js'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}

/**
 * nodemailer over SMTP when SMTP_URL is set; otherwise a JSON transport that delivers nowhere
 * (development: mails are kept in mail_log and shown by the mail viewer).
 */
export function createMailer(config: Config): Mailer {
  const transport = config.SMTP_URL
    ? nodemailer.createTransport(config.SMTP_URL)
    : nodemailer.createTransport({ jsonTransport: true })
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
      return { messageId: String(info.messageId ?? '') }
    },
  }
}
