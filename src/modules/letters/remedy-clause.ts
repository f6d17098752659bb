import { AgencyType } from '../agencies/agency-type.js';
import { formatCitations, isWithholdType, type Citation } from './legal-basis.js';
import type { ReplyType } from './reply-type.js';

/**
 * How the remedy runs (条例第五十一条; 行政复议法, 行政诉讼法第四十六条):
 * - ORDINARY: reconsideration within 60 days or a lawsuit within 6 months, at the applicant's choice;
 * - RECONSIDERATION_FIRST: a refusal to disclose must first go to reconsideration (行政复议法第二十三条第一款第（四）项,
 *   in force 2024-01-01), then to court within 15 days of the decision;
 *
 * A partial disclosure (PARTIAL) is one administrative act that refuses part of what was asked: 行政复议法第二十三条
 * 第一款第（四）项 ("申请政府信息公开，行政机关不予公开") covers it, so the whole reply carries the
 * reconsideration-first clause; one decision has one remedy route, not one per part.
 */
export type RemedyMode = 'ORDINARY' | 'RECONSIDERATION_FIRST';

/** The day the 2023 revision of the 行政复议法, and with it reconsideration-first for refusals, took effect. */
export const RECONSIDERATION_FIRST_SINCE = '2024-01-01';

/** 行政复议法第二十三条第一款第（四）项: "申请政府信息公开，行政机关不予公开". */
export const RECONSIDERATION_FIRST_CITATION: Citation = { law: 'RECONSIDERATION_LAW', article: 23, paragraph: 1, item: 4 };

/** The remedy mode of a reply type on a given decision date (YYYY-MM-DD). */
export function remedyModeFor(type: ReplyType | 'ORDINARY', decidedOn: string): RemedyMode {
  if (decidedOn < RECONSIDERATION_FIRST_SINCE) return 'ORDINARY';
  // 行政复议法第二十三条第一款第（四）项: a partial refusal is a refusal; the whole reply goes to reconsideration first.
  if (type === 'PARTIAL') return 'RECONSIDERATION_FIRST';
  return isWithholdType(type) ? 'RECONSIDERATION_FIRST' : 'ORDINARY';
}

/** The agency fields the clause needs (agency settings; see AgencyEntity). */
export interface RemedyAgency {
  readonly type: AgencyType;
  /** 行政复议机关, e.g. 示例县人民政府. */
  readonly reconsiderationBody: string;
  /** 管辖法院, e.g. 示例县人民法院. */
  readonly competentCourt: string;
}

export interface RemedyOptions {
  /** 成文日期 (YYYY-MM-DD): decides whether reconsideration-first applies. */
  decidedOn: string;
  /** What the applicant would contest: 本答复 (default), 本决定, 本告知书. */
  documentNoun?: string;
}

/**
 * Who hears the reconsideration, by agency type (行政复议法第二十四、二十七条). The body's name comes from the agency's
 * settings; the type only says how it is introduced: a vertically managed body's is its superior department.
 */
function bodyPhrase(agency: RemedyAgency): string {
  const body = requireName(agency.reconsiderationBody, 'reconsiderationBody');
  return agency.type === AgencyType.VERTICALLY_MANAGED && !body.startsWith('上一级') ? `上一级主管部门${body}` : body;
}

function requireName(value: string, field: string): string {
  const name = value?.trim();
  if (!name) throw new Error(`remedy clause: the agency setting ${field} is empty`);
  return name;
}

const firstLaw = formatCitations([RECONSIDERATION_FIRST_CITATION]);

/**
 * The remedy clause (救济条款) for a reply type and the issuing agency, generated and never editable away
 * (条例第五十一条: the applicant may seek reconsideration or sue; the letter says where and within what time).
 * Names come from the agency settings `reconsiderationBody` and `competentCourt`.
 */
export function remedyClause(agency: RemedyAgency, type: ReplyType | 'ORDINARY', options: RemedyOptions): string {
  const noun = options.documentNoun ?? '本答复';
  const body = bodyPhrase(agency);
  const court = requireName(agency.competentCourt, 'competentCourt');
  // 行政复议法第二十条 (60 days), 行政诉讼法第四十六条 (6 months).
  const ordinary = `可以自收到${noun}之日起六十日内向${body}申请行政复议，也可以自收到${noun}之日起六个月内向${court}提起行政诉讼`;
  // 行政复议法第二十三条; 行政诉讼法第四十五条 (15 days after the reconsideration decision).
  const first =
    `应当依照${firstLaw}的规定，自收到${noun}之日起六十日内先向${body}申请行政复议；` +
    '对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼';
  switch (remedyModeFor(type, options.decidedOn)) {
    case 'ORDINARY':
      return `如对${noun}不服，${ordinary}。`;
    case 'RECONSIDERATION_FIRST':
      return `如对${noun}不服，${first}。`;
  }
}

/**
 * Plausibility of the agency's remedy settings against its type (行政复议法第二十四、二十七条): a department's
 * reconsideration body is normally its own level's people's government; a government's is the government one
 * level up; a vertically managed body's is its superior department. Returns Chinese warnings, never blocks: the
 * settings are the agency's to decide.
 */
export function remedySettingsWarnings(agency: RemedyAgency & { name?: string }): string[] {
  const warnings: string[] = [];
  const body = agency.reconsiderationBody?.trim() ?? '';
  if (!body) warnings.push('未设置行政复议机关，答复书无法生成救济条款');
  if (!agency.competentCourt?.trim()) warnings.push('未设置管辖法院，答复书无法生成救济条款');
  else if (!agency.competentCourt.includes('法院')) warnings.push('管辖法院名称应为“××人民法院”');
  if (!body) return warnings;
  if (agency.name && body === agency.name.trim()) warnings.push('行政复议机关不应是作出答复的机关本身');
  switch (agency.type) {
    case AgencyType.GOVERNMENT_DEPARTMENT:
    case AgencyType.PEOPLES_GOVERNMENT:
      if (!body.endsWith('人民政府')) warnings.push('政府工作部门和乡镇、县级人民政府的行政复议机关一般为人民政府（行政复议法第二十四条）');
      break;
    case AgencyType.VERTICALLY_MANAGED:
      if (body.endsWith('人民政府')) warnings.push('垂直管理机关的行政复议机关一般为上一级主管部门（行政复议法第二十七条）');
      break;
    case AgencyType.OTHER:
      break;
  }
  return warnings;
}
