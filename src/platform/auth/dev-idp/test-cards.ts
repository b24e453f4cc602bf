import type { BasicFourInfo } from '../oidc/basic-four-info.js'

/**
 * Test My Number Cards for the development identity provider. The demo seed creates residents
 * with the same 基本4情報 so that logging in with a card lands on a populated account.
 *
 * Addresses are in デモ市, the demo municipality, which does not exist: a real ward with
 * plausible 丁目・番地 could be somebody's home, and residents of the demo tenant should live in
 * it. Everything else follows what the card really returns: 全角 digits and a 全角 space between
 * family and given name, as in the 券面事項入力補助AP.
 */
export interface TestCard {
  /** Stable id used in the login form. */
  id: string
  /** What the card list shows, with the reason the card exists. */
  label: string
  /** The `sub` the dev IdP issues for this card. */
  subject: string
  basicFourInfo: BasicFourInfo
  /** 利用者証明用 PIN printed for demos; the dev IdP does not ask for it. */
  pin?: string
}

/** Prefix of every test card address; the demo tenant's own address uses it too. */
export const DEMO_CITY_ADDRESS_PREFIX = '東京都デモ市'

export const testCards: readonly TestCard[] = [
  {
    id: 'yamada-taro',
    label: '山田 太郎（標準的な例）',
    subject: 'dev-card-yamada-taro',
    basicFourInfo: {
      name: '山田　太郎',
      nameKana: 'ヤマダ　タロウ',
      address: '東京都デモ市中央一丁目２番３号',
      birthdate: '1985-04-12',
      gender: 'male',
    },
    pin: '1234',
  },
  {
    id: 'yoshida-hanako',
    label: '𠮷田 花子（つちよし「𠮷」を含む氏名）',
    subject: 'dev-card-yoshida-hanako',
    basicFourInfo: {
      // 𠮷 is U+20BB7, outside the BMP: one character, two UTF-16 code units.
      name: '𠮷田　花子',
      nameKana: 'ヨシダ　ハナコ',
      address: '東京都デモ市桜町三丁目１０番地の５',
      birthdate: '1992-11-03',
      gender: 'female',
    },
    pin: '1234',
  },
  {
    id: 'sato-kenichi',
    label: '佐藤 健一（建物名と部屋番号まで入った長い住所）',
    subject: 'dev-card-sato-kenichi',
    basicFourInfo: {
      name: '佐藤　健一',
      nameKana: 'サトウ　ケンイチ',
      address:
        '東京都デモ市あけぼの台二丁目１番地の４５　デモ市あけぼの台グリーンヒルズ・レジデンス南棟' +
        '（東側エントランス・管理事務所併設）第三期分譲街区　サンライズコート１５０３号室',
      birthdate: '1978-06-30',
      gender: 'male',
    },
    pin: '1234',
  },
  {
    id: 'takahashi-yoshi',
    label: '髙橋 ヨシ（昭和9年生まれ・異体字「髙」）',
    subject: 'dev-card-takahashi-yoshi',
    basicFourInfo: {
      name: '髙橋　ヨシ',
      nameKana: 'タカハシ　ヨシ',
      address: '東京都デモ市北町五丁目８番地',
      birthdate: '1934-02-26',
      gender: 'female',
    },
    pin: '1234',
  },
  {
    id: 'nguyen-thi-lan',
    label: 'NGUYEN THI LAN（外国人住民・ローマ字氏名）',
    subject: 'dev-card-nguyen-thi-lan',
    basicFourInfo: {
      // Foreign residents are registered under the alphabetic name on the 在留カード.
      name: 'NGUYEN THI LAN',
      nameKana: 'グエン　ティ　ラン',
      address: '東京都デモ市港南四丁目６番１２号　コーポみなと２０１号室',
      birthdate: '1998-09-15',
      gender: 'female',
    },
    pin: '1234',
  },
]

export function findTestCardBySubject(cards: readonly TestCard[], subject: string): TestCard | undefined {
  return cards.find(card => card.subject === subject)
}
