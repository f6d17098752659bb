// Text normalisation for frequent-request detection (条例第四十四条第一款: "相同政府信息"). The applicant's text is
// kept byte for byte on the case; these normalised copies only serve comparison.

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, 二十七 → 27; digit strings (二〇二三 → 2023) digit by digit. NaN when not a numeral. */
export function chineseNumeral(text: string): number {
  if (text === '') return NaN;
  if (!text.includes('十')) {
    let out = '';
    for (const ch of text) {
      const d = CN_DIGIT[ch];
      if (d === undefined) return NaN;
      out += String(d);
    }
    return Number(out);
  }
  const [tens, ones] = text.split('十');
  const t = tens === '' ? 1 : CN_DIGIT[tens];
  const o = ones === '' ? 0 : CN_DIGIT[ones];
  return t === undefined || o === undefined || tens.length > 1 || ones.length > 1 ? NaN : t * 10 + o;
}

/**
 * Full-width → half-width (NFKC), brackets of 文号 unified to […], Chinese numerals before 年/批/季度/期/月/届/号
 * to digits, white space out, Latin lower-cased.
 */
export function normalizeText(text: string): string {
  let t = text.normalize('NFKC').toLowerCase();
  t = t.replace(/[〔【［｛{]/g, '[').replace(/[〕】］｝}]/g, ']');
  t = t.replace(/\s+/g, '');
  // 二〇二三年 → 2023年 (a year is written digit by digit).
  t = t.replace(/([〇零一二三四五六七八九]{4})(?=年)/g, (m) => String(chineseNumeral(m)));
  // 第二批, 三季度, 二期, 十一月, 第五届, 第十二号
  t = t.replace(/([零一二两三四五六七八九十]{1,3})(?=批|季度|期|月|届|号)/g, (m) => {
    const n = chineseNumeral(m);
    return Number.isNaN(n) ? m : String(n);
  });
  return t;
}

// Procedural and polite text that says nothing about which information is asked (条例第二十九条 lists what an
// application contains; the citations of the 条例 itself, the requested form and the urge to hurry are not the
// information). Removed before extraction and scoring, longest first.
// prettier-ignore
const BOILERPLATE = [
  /(?:根据|依据|按照|依照)?《?(?:中华人民共和国)?(?:政府信息公开)?条例》?(?:第[一二三四五六七八九十百\d]+条(?:第[一二三四五六七八九十\d]+款)?[、,和及]?)+(?:之?规定)?[,，]?/g,
  /《?(中华人民共和国)?政府信息公开条例》?/g,
  /本人曾于今年申请过但至今未收到答复[,，]?/g,
  /本人此前已申请过[,，:：]?/g,
  /现?再次申请[,，:：]?/g,
  /请(在法定期限内|在二十个工作日内|贵[局单位]+在二十个工作日内)?(尽快)?(书面)?答复[,，。!！]*(谢谢[!！]?)?/g,
  /请以(电子邮件|邮寄|纸质)[^。]*?(方式)?提供[。]?/g,
  /请邮寄纸质复印件[。]?/g,
  /请提供加盖公章的复印件[。]?/g,
  /(纸质或电子版均可)/g,
  /\(纸质或电子版均可\)/g,
  /如不存在请书面说明[。]?/g,
  /望贵单位依法予以公开[。]?/g,
  /申请人因维护自身合法权益需要[,，]?/g,
  /本公司作为利害关系人[,，]?/g,
  /为了解相关政策[,，]?/g,
  /至今未见公开[,，]?/g,
  /(恳请|请求|要求|申请|请)(公开|获取|提供|查阅)/g,
  /贵(单位|局|府|机关)制作的/g,
  /本人想了解/g,
  /该信息/g,
  /以下政府信息[:：]?/g,
  /包括附件/g,
  /文件全文|全文/g,
  /信息公开/g,
];

export function stripBoilerplate(normalized: string): string {
  let t = normalized;
  for (const re of BOILERPLATE) t = t.replace(re, ' ');
  return t;
}
