/**
 * Notifications hub — public surface. In progress (issue 4): the LINE channel adapter, its
 * webhook parsing and its local fake, and the garbage-calendar core (rules, CSV import,
 * iCalendar, sorting dictionary) exist as tested functions; nothing is registered in the app yet.
 */
export { LINE_SIGNATURE_HEADER, signLineBody, verifyLineSignature } from './channels/line/line-signature.js'
export {
  LineWebhookBodySchema,
  parseLineWebhook,
  selectUnseenLineEvents,
  type LineEvent,
  type LineFollowEvent,
  type LineMessageEvent,
  type LineOtherMessageEvent,
  type LinePostbackEvent,
  type LineSource,
  type LineTextMessageEvent,
  type LineUnfollowEvent,
  type LineUnknownEvent,
  type LineWebhookHeaders,
  type ParseLineWebhookResult,
} from './channels/line/line-webhook.js'
export {
  LINE_MAX_MESSAGES_PER_REQUEST,
  LINE_MULTICAST_MAX_RECIPIENTS,
  createLineClient,
  deriveLineRetryKey,
  type LineClient,
  type LineClientOptions,
  type LineMessage,
  type LineSendOutcome,
  type LineSendStatus,
} from './channels/line/line-client.js'
export {
  DEFAULT_FAKE_LINE_KNOBS,
  createFakeLine,
  fakeLinePlugin,
  type FakeLine,
  type FakeLineKnobs,
  type FakeLineOptions,
  type FakeLineReceived,
} from './channels/line/fake-line.js'

export * from './garbage/index.js'
