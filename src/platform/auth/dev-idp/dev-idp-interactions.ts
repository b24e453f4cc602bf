import type { IncomingMessage, ServerResponse } from 'node:http'

import { errors, type Interaction, type Provider } from 'oidc-provider'

import { renderCardChoicePage, renderErrorPage, type PageSender } from './dev-idp-pages.js'
import type { TestCard } from './test-cards.js'

interface InteractionDeps {
  provider: Provider
  mountPath: string
  cards: readonly TestCard[]
  pages: PageSender
}

const startOver = 'ログインを最初からやり直してください。'

/**
 * The dev IdP's login + consent step, at `${mountPath}/interaction/:uid`:
 * GET shows the card list, POST …/login logs the chosen card in and consents to the requested
 * scopes in one go (choosing a card is the consent, as in the app), POST …/abort ends the
 * authorization with access_denied. Plain forms, no JavaScript.
 */
export function createInteractionHandler({ provider, mountPath, cards, pages }: InteractionDeps) {
  async function handle(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    const details = await provider.interactionDetails(req, res)
    if (details.uid !== uid) {
      pages.send(res, 400, renderErrorPage('ログインの手続きが一致しません', [startOver]))
      return
    }
    const method = req.method ?? 'GET'
    const clientId = String(details.params.client_id)
    const client = await provider.Client.find(clientId)
    const pageInput = {
      loginAction: `${mountPath}/interaction/${uid}/login`,
      abortAction: `${mountPath}/interaction/${uid}/abort`,
      clientName: client?.clientName ?? clientId,
      cards,
    }

    if (action === undefined && (method === 'GET' || method === 'HEAD')) {
      pages.send(res, 200, renderCardChoicePage(pageInput))
      return
    }
    if (action === 'login' && method === 'POST') {
      const form = await readForm(req)
      const card = cards.find(candidate => candidate.id === form.get('card'))
      if (!card) {
        pages.send(res, 422, renderCardChoicePage({ ...pageInput, error: 'テストカードを選んでください。' }))
        return
      }
      const grantId = await grantRequestedScopes(details, card.subject)
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: card.subject, remember: false }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      )
      return
    }
    if (action === 'abort' && method === 'POST') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User cancelled the login' },
        { mergeWithLastSubmission: false },
      )
      return
    }
    res.setHeader('Allow', action === undefined ? 'GET, HEAD' : 'POST')
    pages.send(res, 405, renderErrorPage('この操作はできません', [startOver]))
  }

  /** A new grant for exactly what the client asked for (the request was already validated). */
  async function grantRequestedScopes(details: Interaction, accountId: string): Promise<string> {
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    if (typeof details.params.scope === 'string') grant.addOIDCScope(details.params.scope)
    return grant.save()
  }

  return async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> => {
    try {
      await handle(req, res, uid, action)
    } catch (error) {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const expired = error instanceof errors.SessionNotFound
      pages.send(
        res,
        expired ? 400 : 500,
        renderErrorPage(expired ? 'ログインの有効期限が切れました' : '開発用認証サーバーのエラー', [
          startOver,
          ...(expired ? [] : [error instanceof Error ? error.message : String(error)]),
        ]),
      )
    }
  }
}

async function readForm(req: IncomingMessage, limitBytes = 16 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size > limitBytes) throw new Error('form too large')
    chunks.push(buffer)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}
