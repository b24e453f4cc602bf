/**
 * Building blocks of the OpenAPI operations that modules declare for their `/api/v1` routes: the
 * RFC 9457 problem responses, the API-key failures every keyed route shares, and the scope.
 */
export type Schema = Record<string, unknown>

const PROBLEM: Schema = { $ref: '#/components/schemas/Problem' }

/** A problem with `errors[]`; `pathHelp` says what `path` names for this API. */
export function problemWithErrors(pathHelp: string): Schema {
  return {
    allOf: [
      PROBLEM,
      {
        type: 'object',
        properties: {
          errors: {
            type: 'array',
            description: `One entry per problem. ${pathHelp} \`message\` is in the negotiated language (Accept-Language: ja, ja-x-easy, en).`,
            items: { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    ],
  }
}

export const json = (schema: Schema) => ({ 'application/json': { schema } })
export const problem = (description: string, schema: Schema = PROBLEM) => ({ description, content: { 'application/problem+json': { schema } } })

/** The answers of any route with `auth: 'api-key'`. */
export const AUTH_PROBLEMS = {
  '401': problem('No API key, or a key that is unknown, revoked, expired or of another municipality (with `WWW-Authenticate: Bearer`).'),
  '403': problem('The key does not have the scope this operation needs.'),
  '429': problem('The key made too many calls this minute (its own limit); see Retry-After.'),
}

export const apiKeySecurity = (scope: string) => ({ security: [{ apiKey: [scope] }], 'x-required-scope': scope })
