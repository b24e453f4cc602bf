/**
 * The 20-field procedure the `submissions` benchmark publishes, and the answers its simulated
 * residents send: a 証明書の交付申請 with a realistic mix of field types (氏名 with kana, 住所,
 * phone, email, dates, numbers, choices, long text, agreements) over three pages, one field
 * shown only for one answer (郵送 → 送付先), and a fee per copy with an exemption.
 *
 * Used by both processes: the benchmark builds request bodies from `answersFor`, and the server
 * child publishes `benchProcedureInput` and builds the baseline's rows from the same answers.
 */
import type { ProcedureDocumentInput } from '../../src/modules/procedures/form/form-definition.js'

export const BENCH_PROCEDURE_SLUG = 'bench-certificate-request'

const t = (ja: string, en: string) => ({ ja, en })
const options = (pairs: [string, string, string][]) => pairs.map(([value, ja, en]) => ({ value, label: t(ja, en) }))

const PURPOSES = options([
  ['employment', '就職・転職', 'Employment'],
  ['school', '入学・進学', 'School'],
  ['housing', '住宅ローン・賃貸契約', 'Housing'],
  ['car', '自動車の登録', 'Car registration'],
  ['pension', '年金の手続', 'Pension'],
  ['insurance', '保険の手続', 'Insurance'],
  ['inheritance', '相続の手続', 'Inheritance'],
  ['bank', '銀行口座の開設', 'Bank account'],
  ['passport', '旅券の申請', 'Passport'],
  ['welfare', '生活保護の申請', 'Public assistance'],
  ['court', '裁判所への提出', 'Court'],
  ['other', 'その他', 'Other'],
])
const DOCUMENTS = options([
  ['juminhyo', '住民票の写し', 'Certificate of residence'],
  ['kisai', '住民票記載事項証明書', 'Certificate of registered matters'],
  ['inkan', '印鑑登録証明書', 'Seal registration certificate'],
  ['shotoku', '所得証明書', 'Income certificate'],
  ['kazei', '課税証明書', 'Tax assessment certificate'],
  ['nozei', '納税証明書', 'Tax payment certificate'],
])
const OCCUPATIONS = options([
  ['employee', '会社員', 'Employee'],
  ['civil', '公務員', 'Civil servant'],
  ['self', '自営業', 'Self-employed'],
  ['part', 'パート・アルバイト', 'Part-time'],
  ['student', '学生', 'Student'],
  ['retired', '無職・年金生活', 'Retired'],
  ['other', 'その他', 'Other'],
])

/** The procedure (parsed with parseProcedureDocument in the child). Twenty answerable fields. */
export const benchProcedureInput: ProcedureDocumentInput = {
  format: 'yakuba.procedure/v1',
  slug: BENCH_PROCEDURE_SLUG,
  title: t('各種証明書の交付申請（ベンチマーク）', 'Certificate request (benchmark)'),
  summary: t('住民票の写しや税の証明書を請求します。', 'Request certificates of residence and tax.'),
  category: 'registration',
  lifeEvents: ['moving'],
  keywords: ['証明書', '住民票'],
  eligibility: t('市内に住民登録のある方', 'Registered residents'),
  requirements: t('本人確認書類', 'Proof of identity'),
  processingDays: 5,
  identityLevel: 'none',
  channels: { online: true, post: true, counter: true },
  departmentCode: 'shimin',
  form: {
    pages: [
      {
        id: 'applicant',
        title: t('申請者', 'Applicant'),
        elements: [
          { id: 'applicantName', type: 'personName', label: t('申請者の氏名', 'Your name'), required: true },
          { id: 'birthDate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, maxDate: 'today' },
          { id: 'address', type: 'address', label: t('住所', 'Address'), required: true },
          { id: 'phone', type: 'phone', label: t('電話番号', 'Phone'), required: true },
          { id: 'email', type: 'email', label: t('メールアドレス', 'Email'), required: true },
          {
            id: 'relationship',
            type: 'singleChoice',
            label: t('証明書に記載される方との関係', 'Relationship'),
            required: true,
            options: options([
              ['self', '本人', 'Self'],
              ['spouse', '配偶者', 'Spouse'],
              ['child', '子', 'Child'],
              ['other', 'その他', 'Other'],
            ]),
          },
        ],
      },
      {
        id: 'request',
        title: t('請求の内容', 'Request'),
        elements: [
          { id: 'purpose', type: 'select', label: t('使用目的', 'Purpose'), required: true, options: PURPOSES },
          { id: 'documents', type: 'multipleChoice', label: t('必要な証明書', 'Certificates'), required: true, options: DOCUMENTS, minSelected: 1, maxSelected: 4 },
          { id: 'copies', type: 'number', label: t('通数', 'Copies'), required: true, min: 1, max: 10, unit: t('通', 'copies') },
          {
            id: 'deliveryMethod',
            type: 'singleChoice',
            label: t('受け取り方法', 'Delivery'),
            required: true,
            options: options([
              ['counter', '窓口で受け取る', 'At the counter'],
              ['post', '郵送で受け取る', 'By post'],
            ]),
          },
          { id: 'mailingAddress', type: 'address', label: t('送付先', 'Mailing address'), required: true, showIf: { field: 'deliveryMethod', equals: 'post' } },
          { id: 'preferredDate', type: 'date', label: t('受取希望日', 'Preferred date'), required: true, minDate: 'today' },
          { id: 'householdSize', type: 'number', label: t('世帯の人数', 'Household size'), required: true, min: 1, max: 20 },
          { id: 'occupation', type: 'select', label: t('職業', 'Occupation'), required: true, options: OCCUPATIONS },
          { id: 'employer', type: 'text', label: t('勤務先・学校名', 'Employer or school'), maxLength: 100 },
          { id: 'annualIncome', type: 'number', label: t('前年の所得', 'Last year’s income'), min: 0, max: 1_000_000_000, unit: t('円', 'yen') },
        ],
      },
      {
        id: 'confirm',
        title: t('確認', 'Confirmation'),
        elements: [
          {
            id: 'contactTime',
            type: 'singleChoice',
            label: t('連絡のつきやすい時間帯', 'Best time to call'),
            options: options([
              ['morning', '午前', 'Morning'],
              ['afternoon', '午後', 'Afternoon'],
              ['evening', '夕方', 'Evening'],
            ]),
          },
          { id: 'notes', type: 'longText', label: t('備考', 'Notes'), maxLength: 2000 },
          { id: 'privacyConsent', type: 'agreement', label: t('個人情報の取扱い', 'Privacy'), required: true, statement: t('個人情報の取扱いに同意します。', 'I agree to the privacy notice.') },
          { id: 'accuracyConsent', type: 'agreement', label: t('申請内容の確認', 'Accuracy'), required: true, statement: t('記載内容に誤りはありません。', 'The answers are correct.') },
        ],
      },
    ],
    declaration: t('以上のとおり申請します。', 'I submit this application.'),
  },
  fee: {
    items: [{ id: 'copyFee', label: t('交付手数料', 'Issuing fee'), unitYen: 300, quantityField: 'copies' }],
    exemptions: [{ label: t('生活保護の申請に使う証明書', 'For public assistance'), when: { field: 'purpose', equals: 'welfare' } }],
  },
}

const FAMILY = [
  ['山田', 'ヤマダ'],
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
] as const
const GIVEN = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['一郎', 'イチロウ'],
  ['美咲', 'ミサキ'],
  ['健太', 'ケンタ'],
  ['陽菜', 'ヒナ'],
  ['翔太', 'ショウタ'],
  ['結衣', 'ユイ'],
] as const
const TOWNS = ['本町', '栄町', '緑が丘', '旭町', '若葉台', '桜木町', '東山', '西原']
const EMPLOYERS = ['株式会社デモ商事', 'デモ市立第一中学校', 'デモ総合病院', '合同会社みどり', 'デモ信用金庫', '']

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T

/** A calendar date `days` after an ISO date. */
function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * Valid answers for request `n` of a run (`nonce` makes them unique across runs): every request's
 * answers differ (notes, email, phone, name mix), as a resident's would. `today` is the Asia/Tokyo
 * date (for the birth and preferred dates). Written as a resident or a kiosk would send them
 * (hyphenated phone and postal code), so the server's normalisation runs as in real use.
 */
export function answersFor(n: number, nonce: string, today: string): Record<string, unknown> {
  const [family, familyKana] = pick(FAMILY, n)
  const [given, givenKana] = pick(GIVEN, Math.floor(n / FAMILY.length))
  const post = n % 3 === 0
  const postal = String(1000000 + ((n * 7919) % 8999999)).padStart(7, '0')
  const phoneDigits = String(10000000 + ((n * 104729) % 89999999)).padStart(8, '0')
  const answers: Record<string, unknown> = {
    applicantName: { familyName: family, givenName: given, familyNameKana: familyKana, givenNameKana: givenKana },
    birthDate: addDays('1940-01-01', (n * 37) % 28000),
    address: { postalCode: `${postal.slice(0, 3)}-${postal.slice(3)}`, prefecture: '東京都', city: 'デモ市', town: `${pick(TOWNS, n)}${(n % 5) + 1}丁目`, street: `${(n % 30) + 1}番${(n % 20) + 1}号`, building: n % 4 === 0 ? `デモハイツ${(n % 300) + 101}号室` : '' },
    phone: `090-${phoneDigits.slice(0, 4)}-${phoneDigits.slice(4)}`,
    email: `resident.${nonce}.${n}@example.jp`,
    relationship: pick(['self', 'self', 'spouse', 'child', 'other'], n),
    purpose: pick(PURPOSES, n * 5).value,
    documents: DOCUMENTS.filter((_, i) => i === n % DOCUMENTS.length || i === (n * 3 + 1) % DOCUMENTS.length).map(o => o.value),
    copies: (n % 5) + 1,
    deliveryMethod: post ? 'post' : 'counter',
    preferredDate: addDays(today, 14 + (n % 60)),
    householdSize: (n % 6) + 1,
    occupation: pick(OCCUPATIONS, n).value,
    annualIncome: ((n * 130_003) % 9_000_000) + 1_000_000,
    contactTime: pick(['morning', 'afternoon', 'evening'], n),
    notes: `受付番号の控えはメールでお送りください。平日は${pick(['午前', '午後', '夕方'], n)}であれば電話に出られます。証明書は${pick(PURPOSES, n * 5).label.ja}のために使います。（申請 ${nonce}-${n}）`,
    privacyConsent: true,
    accuracyConsent: true,
  }
  const employer = pick(EMPLOYERS, n)
  if (employer) answers.employer = employer
  if (post) answers.mailingAddress = { postalCode: '1000001', prefecture: '東京都', city: '千代田区', town: '千代田', street: `${(n % 9) + 1}-1`, building: '' }
  return answers
}
