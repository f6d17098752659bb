import { Injectable, StreamableFile } from '@nestjs/common';
import { PdfFonts } from '../documents/pdf-fonts.js';
import type { ReportFormat } from './dto/report.query.js';
import { cellCsv, reportCsv, reportMarkdown, reportPdf, reportXlsx } from './report-exports.js';
import type { AnnualReport } from './reports.service.js';

const TYPES: Record<Exclude<ReportFormat, 'json'>, { type: string; ext: string }> = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  pdf: { type: 'application/pdf', ext: 'pdf' },
  md: { type: 'text/markdown; charset=utf-8', ext: 'md' },
};

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

@Injectable()
export class ReportExportsService {
  constructor(private readonly fonts: PdfFonts) {}

  async file(report: AnnualReport, format: Exclude<ReportFormat, 'json'>): Promise<StreamableFile> {
    const body =
      format === 'csv' ? Buffer.from(reportCsv(report)) : format === 'xlsx' ? await reportXlsx(report) : format === 'pdf' ? await reportPdf(report, this.fonts) : Buffer.from(reportMarkdown(report));
    const { type, ext } = TYPES[format];
    return new StreamableFile(body, { type, disposition: attachment(`${report.agency.name}${report.year}年度政府信息公开工作年度报告${report.subtree ? '（汇总）' : ''}.${ext}`) });
  }

  cellFile(cell: Parameters<typeof cellCsv>[0]): StreamableFile {
    return new StreamableFile(Buffer.from(cellCsv(cell)), { type: 'text/csv; charset=utf-8', disposition: attachment(`年度报告-${cell.row}-${cell.column}.csv`) });
  }
}
