import type { OperationalStatistics } from './statistics.service.js';

/**
 * Server-side SVG charts of the operational statistics (Apache ECharts' SSR renderer: no browser, no canvas).
 * The SVG is self-contained, so web pages can inline it and PDFs can embed it.
 */
export const CHARTS = ['received', 'open', 'reply-types'] as const;
export type ChartName = (typeof CHARTS)[number];

const CHANNEL_LABELS: Record<string, string> = { web: '网络', letter: '信函', counter: '当面', fax: '传真', email: '电子邮件' };
const FONT = 'Noto Serif SC, Noto Serif CJK SC, serif';

/** ECharts takes about 40 MB once loaded: it is loaded with the first chart drawn, not at boot. */
let echartsModule: Promise<typeof import('echarts')> | undefined;

/** One chart as a self-contained SVG string (no animation); shared by the statistics and the office head's home. */
export async function renderSvgChart(option: Record<string, unknown>, size: { width: number; height: number }): Promise<string> {
  const echarts = await (echartsModule ??= import('echarts'));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function renderChart(name: ChartName, s: OperationalStatistics): Promise<string> {
  return renderSvgChart({ textStyle: { fontFamily: FONT }, ...optionOf(name, s) }, { width: 800, height: 420 });
}

function optionOf(name: ChartName, s: OperationalStatistics): Record<string, unknown> {
  const title = (text: string) => ({ text, left: 'center', textStyle: { fontFamily: FONT, fontSize: 16 } });
  if (name === 'received') {
    const channels = [...new Set(s.receivedByMonth.flatMap((m) => Object.keys(m.byChannel)))].sort();
    return {
      title: title(`收到申请（按月、按渠道）${s.from} 至 ${s.to}`),
      legend: { top: 30, data: channels.map((c) => CHANNEL_LABELS[c] ?? c) },
      grid: { top: 85, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: s.receivedByMonth.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1, name: '件' },
      series: channels.map((c) => ({ name: CHANNEL_LABELS[c] ?? c, type: 'bar', stack: 'received', data: s.receivedByMonth.map((m) => m.byChannel[c] ?? 0) })),
    };
  }
  const rows = name === 'open' ? s.openByStatus.map((r) => ({ label: r.label, count: r.count })) : s.replyTypeMix.map((r) => ({ label: r.label, count: r.count }));
  return {
    title: title(name === 'open' ? `办理中的申请（按状态）截至 ${s.today}` : `办结申请的答复类型 ${s.from} 至 ${s.to}`),
    grid: { top: 50, left: 230, right: 40, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1, name: '件' },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 210, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.map((r) => r.count), label: { show: true, position: 'right' } }],
  };
}
