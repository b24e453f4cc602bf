import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { GarbageCalendarSchema, type GarbageRule } from './garbage-rules.js'
import type { SortingEntry } from './garbage-dictionary.js'
import { findCurrentCalendar, insertCalendarVersion, listDistricts, replaceSortingEntries, upsertCategory, type CategoryInput } from './garbage-repository.js'

const FALLBACK_DISTRICT_CODES = ['chuo-1', 'chuo-2']
const MON = 1
const TUE = 2
const WED = 3
const THU = 4
const FRI = 5

/** デモ市's rules, the same in every demo district (the audience area seeds the districts). */
function demoRules(district: string): GarbageRule[] {
  return [
    { district, type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [MON, THU] }, holidayPolicy: 'collect', note: '朝8時30分までに指定袋で出してください。' },
    { district, type: '資源ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: WED, weeks: [2, 4] }, holidayPolicy: 'next-business-day' },
    { district, type: '不燃ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: TUE, weeks: [1] }, holidayPolicy: 'next-business-day', note: 'スプレー缶・乾電池は別の透明な袋で同じ日に出せます。' },
    { district, type: 'ペットボトル', schedule: { kind: 'weekly', daysOfWeek: [FRI] }, holidayPolicy: 'collect' },
  ]
}

function demoCategories(slug: string): [string, CategoryInput][] {
  return [
    ['燃えるごみ', { names: { 'ja-easy': 'もえるごみ', en: 'Burnable waste' }, descriptions: { ja: '生ごみ・紙くずなど。市の指定袋(黄色)に入れ、収集日の朝8時30分までに出してください。', 'ja-easy': 'なまごみ や かみくず です。きいろ の ふくろ に 入れて、あさ 8じ30ぷん まで に 出して ください。', en: 'Food waste, paper scraps and the like. Use the yellow city bag and put it out by 8:30 on the day.' }, colour: '#c62828', linkUrl: null, sortOrder: 10 }],
    ['資源ごみ', { names: { 'ja-easy': 'しげんごみ(リサイクル)', en: 'Recyclables' }, descriptions: { ja: '新聞・雑誌・段ボール・缶・びん。紙はひもで縛り、缶・びんは中をすすいでコンテナに入れてください。', 'ja-easy': 'しんぶん、かん、びん です。かみ は ひも で しばって ください。', en: 'Newspapers, magazines, cardboard, cans and bottles. Tie paper with string; rinse cans and bottles and put them in the crates.' }, colour: '#1565c0', linkUrl: null, sortOrder: 20 }],
    ['不燃ごみ', { names: { 'ja-easy': 'もえないごみ', en: 'Non-burnable waste' }, descriptions: { ja: '金属・ガラス・陶器など。割れ物は紙に包み「キケン」と書いてください。', 'ja-easy': 'きんぞく や ガラス です。われた もの は かみ に つつんで 「キケン」と 書いて ください。', en: 'Metal, glass, pottery. Wrap broken items in paper and write キケン (danger) on it.' }, colour: '#546e7a', linkUrl: null, sortOrder: 30 }],
    ['ペットボトル', { names: { 'ja-easy': 'ペットボトル', en: 'PET bottles' }, descriptions: { ja: 'キャップとラベルを外し、中をすすいでつぶしてください。', 'ja-easy': 'ふた と ラベル を とって、あらって つぶして ください。', en: 'Remove the cap and label, rinse and crush.' }, colour: '#2e7d32', linkUrl: null, sortOrder: 40 }],
    ['有害ごみ', { names: { 'ja-easy': 'きけんな ごみ', en: 'Hazardous waste' }, descriptions: { ja: 'スプレー缶・乾電池・蛍光管など。不燃ごみの日に、ほかのごみとは別の透明な袋で出してください。', 'ja-easy': 'スプレー や でんち です。もえないごみ の 日 に、べつ の ふくろ で 出して ください。', en: 'Spray cans, batteries, fluorescent tubes. Put them out on non-burnable day in a separate clear bag.' }, colour: '#ef6c00', linkUrl: null, sortOrder: 50 }],
    ['粗大ごみ', { names: { 'ja-easy': 'おおきい ごみ', en: 'Oversized waste' }, descriptions: { ja: '一辺が50cmを超える家具・寝具・自転車など。申込制(有料)です。', 'ja-easy': '50cm より 大きい もの です。もうしこみ が いります(おかね が かかります)。', en: 'Furniture, bedding, bicycles and anything over 50 cm. Collected on request, for a fee.' }, colour: '#6a1b9a', linkUrl: `/${slug}/procedures/sodai-gomi`, sortOrder: 60 }],
    ['市では収集できません', { names: { 'ja-easy': 'しやくしょ では あつめ ません', en: 'Not collected by the city' }, descriptions: { ja: '販売店やメーカーの回収をご利用ください。', 'ja-easy': 'かった みせ に きいて ください。', en: 'Please use the shop’s or the maker’s take-back service.' }, colour: '#424242', linkUrl: null, sortOrder: 70 }],
  ]
}

type Row = [item: string, reading: string, category: string, instructions?: string]

const DICTIONARY: Row[] = [
  ['生ごみ', 'なまごみ', '燃えるごみ', '水気をよく切ってから出してください。'],
  ['紙おむつ', 'かみおむつ', '燃えるごみ', '汚物はトイレに流してから出してください。'],
  ['紙くず', 'かみくず', '燃えるごみ'],
  ['ティッシュペーパー', 'てぃっしゅぺーぱー', '燃えるごみ'],
  ['革靴', 'かわぐつ', '燃えるごみ'],
  ['ぬいぐるみ', 'ぬいぐるみ', '燃えるごみ', '一辺が50cmを超えるものは粗大ごみです。'],
  ['落ち葉', 'おちば', '燃えるごみ', '土を落として指定袋に入れてください。'],
  ['木の枝', 'きのえだ', '燃えるごみ', '長さ50cm以下に切り、ひもで束ねてください。'],
  ['食用油', 'しょくようあぶら', '燃えるごみ', '紙や布に染み込ませるか、固めてから出してください。'],
  ['保冷剤', 'ほれいざい', '燃えるごみ'],
  ['写真', 'しゃしん', '燃えるごみ'],
  ['ビデオテープ', 'びでおてーぷ', '燃えるごみ'],
  ['CD・DVD', 'しーでぃー・でぃーぶいでぃー', '燃えるごみ', 'ケースごと出せます。'],
  ['歯ブラシ', 'はぶらし', '燃えるごみ'],
  ['たばこの吸い殻', 'たばこのすいがら', '燃えるごみ', '火が消えていることを確かめてから出してください。'],
  ['卵の殻', 'たまごのから', '燃えるごみ'],
  ['ペットボトルのキャップ', 'ぺっとぼとるのきゃっぷ', '燃えるごみ'],
  ['ペットボトルのラベル', 'ぺっとぼとるのらべる', '燃えるごみ'],
  ['新聞', 'しんぶん', '資源ごみ', 'ひもで十字に縛って出してください。'],
  ['雑誌', 'ざっし', '資源ごみ', 'ひもで十字に縛って出してください。'],
  ['段ボール', 'だんぼーる', '資源ごみ', 'たたんでひもで縛ってください。'],
  ['牛乳パック', 'ぎゅうにゅうぱっく', '資源ごみ', '洗って開き、乾かしてから束ねてください。'],
  ['雑がみ', 'ざつがみ', '資源ごみ', '紙袋に入れて出してください。'],
  ['空き缶', 'あきかん', '資源ごみ', '中を軽くすすいでください。'],
  ['アルミ缶', 'あるみかん', '資源ごみ', '中を軽くすすいでください。'],
  ['スチール缶', 'すちーるかん', '資源ごみ', '中を軽くすすいでください。'],
  ['空きびん', 'あきびん', '資源ごみ', 'キャップを外し、中をすすいでください。'],
  ['一升びん', 'いっしょうびん', '資源ごみ', '販売店でも引き取っています。'],
  ['古着', 'ふるぎ', '資源ごみ', '雨の日は出さずに次の収集日にしてください。'],
  ['食品トレイ', 'しょくひんとれい', '資源ごみ', '洗って乾かしてください。スーパーの回収箱も使えます。'],
  ['ペットボトル', 'ぺっとぼとる', 'ペットボトル', 'キャップとラベルを外し、中をすすいでつぶしてください。'],
  ['傘', 'かさ', '不燃ごみ', '骨が袋から出ないようにしてください。'],
  ['割れたガラス', 'われたがらす', '不燃ごみ', '厚紙に包み「キケン」と書いてください。'],
  ['陶器', 'とうき', '不燃ごみ', '割れたものは紙に包み「キケン」と書いてください。'],
  ['茶わん', 'ちゃわん', '不燃ごみ'],
  ['鍋', 'なべ', '不燃ごみ'],
  ['フライパン', 'ふらいぱん', '不燃ごみ'],
  ['やかん', 'やかん', '不燃ごみ'],
  ['電球', 'でんきゅう', '不燃ごみ', '購入時の箱か紙に包んでください。'],
  ['ドライヤー', 'どらいやー', '不燃ごみ', 'コードは束ねてください。'],
  ['電気ポット', 'でんきぽっと', '不燃ごみ'],
  ['アルミホイル', 'あるみほいる', '不燃ごみ'],
  ['包丁', 'ほうちょう', '不燃ごみ', '刃を厚紙で包み「キケン」と書いてください。'],
  ['使い捨てカイロ', 'つかいすてかいろ', '不燃ごみ'],
  ['化粧品のびん', 'けしょうひんのびん', '不燃ごみ'],
  ['スプレー缶', 'すぷれーかん', '有害ごみ', '中身を使い切り、穴は開けずに、不燃ごみの日に別の透明な袋で出してください。'],
  ['カセットボンベ', 'かせっとぼんべ', '有害ごみ', '中身を使い切り、穴は開けずに、不燃ごみの日に別の透明な袋で出してください。'],
  ['乾電池', 'かんでんち', '有害ごみ', '端子にテープを貼り、不燃ごみの日に別の透明な袋で出してください。'],
  ['ボタン電池', 'ぼたんでんち', '有害ごみ', '販売店の回収箱に入れてください。'],
  ['蛍光管', 'けいこうかん', '有害ごみ', '割らずに購入時のケースに入れてください。'],
  ['ライター', 'らいたー', '有害ごみ', 'ガスを使い切ってから出してください。'],
  ['体温計(水銀)', 'たいおんけい', '有害ごみ', '割れないように包んでください。'],
  ['布団', 'ふとん', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['自転車', 'じてんしゃ', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['たんす', 'たんす', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['ソファー', 'そふぁー', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['机', 'つくえ', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['じゅうたん', 'じゅうたん', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['電子レンジ', 'でんしれんじ', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['ベッド', 'べっど', '粗大ごみ', '申し込みが必要です(有料)。'],
  ['テレビ', 'てれび', '市では収集できません', '家電リサイクル法の対象です。購入した店か指定引取場所に持ち込んでください。'],
  ['エアコン', 'えあこん', '市では収集できません', '家電リサイクル法の対象です。購入した店に相談してください。'],
  ['冷蔵庫', 'れいぞうこ', '市では収集できません', '家電リサイクル法の対象です。購入した店に相談してください。'],
  ['洗濯機', 'せんたくき', '市では収集できません', '家電リサイクル法の対象です。購入した店に相談してください。'],
  ['パソコン', 'ぱそこん', '市では収集できません', 'メーカーの回収(PCリサイクル)を利用してください。'],
  ['タイヤ', 'たいや', '市では収集できません', '販売店に相談してください。'],
  ['消火器', 'しょうかき', '市では収集できません', '特定窓口か販売店に相談してください。'],
]

/**
 * Demo data for デモ市: a calendar for every demo district (燃えるごみ Mon/Thu, 資源ごみ 2nd and
 * 4th Wed, 不燃ごみ 1st Tue, ペットボトル every Fri; no collection 12/29–1/3), the categories
 * with names in three languages and colours, and a sorting dictionary of about 70 items.
 * Idempotent: a tenant that already has a calendar is left as it is.
 */
export async function seedGarbageDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  if (await findCurrentCalendar(trx, tenantId)) return
  const tenant = await trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow()
  const districts = await listDistricts(trx, tenantId)
  const codes = districts.length > 0 ? districts.map(district => district.code) : FALLBACK_DISTRICT_CODES
  const calendar = GarbageCalendarSchema.parse({ rules: codes.flatMap(demoRules), exceptions: [], yearEndClosure: 'dec-29' })
  await insertCalendarVersion(trx, tenantId, { calendar, change: 'demo' })
  for (const [name, input] of demoCategories(tenant.slug)) await upsertCategory(trx, tenantId, name, input)
  const entries: SortingEntry[] = DICTIONARY.map(([item, reading, category, instructions]) => ({ item, reading, category, ...(instructions ? { instructions } : {}) }))
  await replaceSortingEntries(trx, tenantId, entries)
}
