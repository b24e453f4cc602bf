/**
 * Sample values for previews and test sends. A notice's personalisation is one value per
 * placeholder for every language (the API and compose take it so), so samples are too. Common
 * names get a realistic value; any other shows as 【name】 so staff see where it goes.
 */
const KNOWN_SAMPLES: Record<string, string> = {
  date: '2026年4月12日(日)',
  time: '10:00',
  start: '10:00',
  end: '12:00',
  place: '市民体育館',
  venue: '市民体育館',
  address: '中央1丁目2-3',
  name: '山田 太郎',
  district: '中央地区',
  area: '中央地区',
  phone: '0120-000-000',
  deadline: '2026年4月5日(日)',
  amount: '1,200円',
  url: 'https://example.jp/',
}

/** The sample value of a placeholder when staff give none. */
export function sampleValueOf(name: string): string {
  return KNOWN_SAMPLES[name] ?? `【${name}】`
}

/** Sample values for these placeholders: given ones (trimmed, at most 200 characters) over the defaults. */
export function sampleValues(placeholders: readonly string[], given: Record<string, unknown> = {}): Record<string, string> {
  const values: Record<string, string> = {}
  for (const name of placeholders) {
    const raw = given[`sample.${name}`]
    const text = typeof raw === 'string' ? raw.normalize('NFC').trim().slice(0, 200) : ''
    values[name] = text || sampleValueOf(name)
  }
  return values
}

