/**
 * Independent black-box acceptance suite for the statutory deadline clock (条例第三十条至第三十五条, counted on the working-day calendar).
 *
 * Every expected date below was counted by hand from the rules and from the State Council
 * holiday notices, never taken from the system:
 *   2024 (国办发明电〔2023〕7号): off 1/1; 2/10–2/17; 4/4–4/6; 5/1–5/5; 6/10; 9/15–9/17; 10/1–10/7.
 *        make-up working days: Sun 2/4, Sun 2/18, Sun 4/7, Sun 4/28, Sat 5/11, Sat 9/14, Sun 9/29, Sat 10/12.
 *        (除夕 2/9 is officially a working day; the notice only "encourages" rest.)
 *   2025 (国办发明电〔2024〕12号): off 1/1; 1/28–2/4; 4/4–4/6; 5/1–5/5; 5/31–6/2; 10/1–10/8.
 *        make-up: Sun 1/26, Sat 2/8, Sun 4/27, Sun 9/28, Sat 10/11.
 *   2026 (国办发明电〔2025〕7号): off 1/1–1/3; 2/15–2/23; 4/4–4/6; 5/1–5/5; 6/19–6/21; 9/25–9/27; 10/1–10/7.
 *        make-up: Sun 1/4, Sat 2/14, Sat 2/28, Sat 5/9, Sun 9/20, Sat 10/10.
 *   2027 (not announced): provisional statutory days only (《全国年节及纪念日放假办法》2024): 1/1 (Fri);
 *        春节 除夕 2/5 (Fri) + 初一–初三 2/6–2/8 (Sat–Mon); no make-up days.
 * "N wd after D" = the Nth working day strictly after D (D never counts). Counts are written as
 * "(k)" = running number of working days reached at the end of that run of dates.
 */
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { ClockApi, HEAD, OFFICER, type Channel } from './clock-acceptance.helpers.js';

describe('statutory clock acceptance — app frozen at 2026-12-01 10:00 Beijing', () => {
  let sut: TestApp;
  let api: ClockApi;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-12-01T02:00:00Z' });
    api = new ClockApi(sut, '2026-12-01');
  });

  afterAll(async () => {
    await sut?.close();
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('1. plain 20 working days around every holiday period 2024–2026', () => {
    const rows: [receipt: string, due: string, count: string][] = [
      // ── 2024 元旦 (1/1 Mon off)
      ['2023-12-29', '2024-01-29', 'Fri before: 12/30-31 wkend, 1/1 off, Jan 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), Jan 29 (20)'],
      ['2024-01-01', '2024-01-29', 'on 元旦: Jan 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), 29 (20)'],
      // ── 2024 春节 (2/10–2/17 off; make-up Sun 2/4, Sun 2/18)
      ['2024-02-04', '2024-03-07', 'receipt on make-up Sun: Feb 5-9 (5), 10-17 off, Sun 18 (6), 19-23 (11), 26-Mar 1 (16), Mar 4-7 (20)'],
      ['2024-02-09', '2024-03-14', '除夕 (a working day): 10-17 off, Sun 18 (1), 19-23 (6), 26-Mar 1 (11), Mar 4-8 (16), 11-14 (20)'],
      ['2024-02-10', '2024-03-14', 'first day off: Sun 18 (1), 19-23 (6), 26-Mar 1 (11), Mar 4-8 (16), 11-14 (20)'],
      ['2024-02-14', '2024-03-14', 'inside: Sun 18 (1), 19-23 (6), 26-Mar 1 (11), Mar 4-8 (16), 11-14 (20)'],
      ['2024-02-18', '2024-03-15', 'receipt on make-up Sun 2/18: Feb 19-23 (5), 26-Mar 1 (10), Mar 4-8 (15), 11-15 (20)'],
      // ── 2024 清明 (4/4–4/6 off; make-up Sun 4/7) — the count runs on into 劳动节 (make-up Sun 4/28; 5/1–5/5 off)
      ['2024-04-03', '2024-05-06', 'Wed before: 4-6 off, Sun 7 (1), 8-12 (6), 15-19 (11), 22-26 (16), Sun 28 (17), 29-30 (19), May 1-5 off, May 6 (20)'],
      ['2024-04-04', '2024-05-06', 'on: Sun 7 (1), 8-12 (6), 15-19 (11), 22-26 (16), Sun 28 (17), 29-30 (19), May 6 (20)'],
      ['2024-04-07', '2024-05-07', 'receipt on make-up Sun 4/7: Apr 8-12 (5), 15-19 (10), 22-26 (15), Sun 28 (16), 29-30 (18), May 6-7 (20)'],
      // ── 2024 劳动节 (5/1–5/5 off; make-up Sun 4/28, Sat 5/11)
      ['2024-04-28', '2024-05-28', 'receipt on make-up Sun 4/28: Apr 29-30 (2), May 6-10 (7), Sat 11 (8), 13-17 (13), 20-24 (18), 27-28 (20)'],
      ['2024-04-30', '2024-05-30', 'Tue before: May 6-10 (5), Sat 11 (6), 13-17 (11), 20-24 (16), 27-30 (20)'],
      ['2024-05-01', '2024-05-30', 'on: May 6-10 (5), Sat 11 (6), 13-17 (11), 20-24 (16), 27-30 (20)'],
      ['2024-05-03', '2024-05-30', 'inside: May 6-10 (5), Sat 11 (6), 13-17 (11), 20-24 (16), 27-30 (20)'],
      ['2024-05-11', '2024-06-07', 'receipt on make-up Sat 5/11: May 13-17 (5), 20-24 (10), 27-31 (15), Jun 3-7 (20)'],
      // ── 2024 端午 (6/10 Mon off)
      ['2024-06-07', '2024-07-08', 'Fri before: 8-10 off, Jun 11-14 (4), 17-21 (9), 24-28 (14), Jul 1-5 (19), Jul 8 (20)'],
      ['2024-06-10', '2024-07-08', 'on: Jun 11-14 (4), 17-21 (9), 24-28 (14), Jul 1-5 (19), 8 (20)'],
      // ── 2024 中秋 (9/15–9/17 off; make-up Sat 9/14) and 国庆 (10/1–10/7 off; make-up Sun 9/29, Sat 10/12)
      ['2024-09-13', '2024-10-17', 'Fri before: Sat 14 (1), 15-17 off, 18-20 (4), 23-27 (9), Sun 29 (10), 30 (11), Oct 8-11 (15), Sat 12 (16), 14-17 (20)'],
      ['2024-09-14', '2024-10-18', 'receipt on make-up Sat 9/14: Sep 18-20 (3), 23-27 (8), Sun 29 (9), 30 (10), Oct 8-11 (14), Sat 12 (15), 14-18 (20)'],
      ['2024-09-15', '2024-10-18', 'on 中秋: Sep 18-20 (3), 23-27 (8), Sun 29 (9), 30 (10), Oct 8-11 (14), Sat 12 (15), 14-18 (20)'],
      ['2024-09-17', '2024-10-18', 'last day off: Sep 18-20 (3), 23-27 (8), Sun 29 (9), 30 (10), Oct 8-11 (14), Sat 12 (15), 14-18 (20)'],
      ['2024-09-29', '2024-10-31', 'receipt on make-up Sun 9/29: Sep 30 (1), Oct 8-11 (5), Sat 12 (6), 14-18 (11), 21-25 (16), 28-31 (20)'],
      ['2024-09-30', '2024-11-01', 'Mon before 国庆: Oct 8-11 (4), Sat 12 (5), 14-18 (10), 21-25 (15), Oct 28-Nov 1 (20)'],
      ['2024-10-01', '2024-11-01', 'on: Oct 8-11 (4), Sat 12 (5), 14-18 (10), 21-25 (15), Oct 28-Nov 1 (20)'],
      ['2024-10-05', '2024-11-01', 'inside: Oct 8-11 (4), Sat 12 (5), 14-18 (10), 21-25 (15), Oct 28-Nov 1 (20)'],
      ['2024-10-12', '2024-11-08', 'receipt on make-up Sat 10/12: Oct 14-18 (5), 21-25 (10), Oct 28-Nov 1 (15), Nov 4-8 (20)'],
      // ── 2025 元旦 (1/1 Wed off) running into 春节 (1/28–2/4 off; make-up Sun 1/26, Sat 2/8)
      ['2024-12-31', '2025-02-05', 'Tue before: 1/1 off, Jan 2-3 (2), 6-10 (7), 13-17 (12), 20-24 (17), Sun 26 (18), 27 (19), Jan 28-Feb 4 off, Feb 5 (20)'],
      ['2025-01-01', '2025-02-05', 'on: Jan 2-3 (2), 6-10 (7), 13-17 (12), 20-24 (17), Sun 26 (18), 27 (19), Feb 5 (20)'],
      // ── 2025 春节
      ['2025-01-26', '2025-02-28', 'receipt on make-up Sun 1/26: Jan 27 (1), Feb 5-7 (4), Sat 8 (5), 10-14 (10), 17-21 (15), 24-28 (20)'],
      ['2025-01-27', '2025-03-03', 'Mon before: Feb 5-7 (3), Sat 8 (4), 10-14 (9), 17-21 (14), 24-28 (19), Mar 3 (20)'],
      ['2025-01-28', '2025-03-03', 'on 除夕: Feb 5-7 (3), Sat 8 (4), 10-14 (9), 17-21 (14), 24-28 (19), Mar 3 (20)'],
      ['2025-02-01', '2025-03-03', 'inside: Feb 5-7 (3), Sat 8 (4), 10-14 (9), 17-21 (14), 24-28 (19), Mar 3 (20)'],
      ['2025-02-08', '2025-03-07', 'receipt on make-up Sat 2/8: Feb 10-14 (5), 17-21 (10), 24-28 (15), Mar 3-7 (20)'],
      // ── 2025 清明 (4/4–4/6 off) running into 劳动节 (5/1–5/5 off; make-up Sun 4/27)
      ['2025-04-03', '2025-05-06', 'Thu before: 4-6 off, Apr 7-11 (5), 14-18 (10), 21-25 (15), Sun 27 (16), 28-30 (19), May 1-5 off, May 6 (20)'],
      ['2025-04-04', '2025-05-06', 'on: Apr 7-11 (5), 14-18 (10), 21-25 (15), Sun 27 (16), 28-30 (19), May 6 (20)'],
      // ── 2025 劳动节, running into 端午 (5/31–6/2 off)
      ['2025-04-27', '2025-05-28', 'receipt on make-up Sun 4/27: Apr 28-30 (3), May 6-9 (7), 12-16 (12), 19-23 (17), 26-28 (20)'],
      ['2025-04-30', '2025-06-03', 'Wed before: May 6-9 (4), 12-16 (9), 19-23 (14), 26-30 (19), 5/31-6/2 off, Jun 3 (20)'],
      ['2025-05-01', '2025-06-03', 'on: May 6-9 (4), 12-16 (9), 19-23 (14), 26-30 (19), Jun 3 (20)'],
      ['2025-05-05', '2025-06-03', 'last day off: May 6-9 (4), 12-16 (9), 19-23 (14), 26-30 (19), Jun 3 (20)'],
      // ── 2025 端午
      ['2025-05-30', '2025-06-30', 'Fri before: 5/31-6/2 off, Jun 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20)'],
      ['2025-05-31', '2025-06-30', 'on: Jun 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20)'],
      ['2025-06-02', '2025-06-30', 'last day off: Jun 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20)'],
      // ── 2025 国庆+中秋 (10/1–10/8 off; make-up Sun 9/28, Sat 10/11)
      ['2025-09-28', '2025-10-31', 'receipt on make-up Sun 9/28: Sep 29-30 (2), Oct 9-10 (4), Sat 11 (5), 13-17 (10), 20-24 (15), 27-31 (20)'],
      ['2025-09-30', '2025-11-04', 'Tue before: Oct 9-10 (2), Sat 11 (3), 13-17 (8), 20-24 (13), 27-31 (18), Nov 3-4 (20)'],
      ['2025-10-01', '2025-11-04', 'on: Oct 9-10 (2), Sat 11 (3), 13-17 (8), 20-24 (13), 27-31 (18), Nov 3-4 (20)'],
      ['2025-10-06', '2025-11-04', 'inside (中秋 day): Oct 9-10 (2), Sat 11 (3), 13-17 (8), 20-24 (13), 27-31 (18), Nov 3-4 (20)'],
      ['2025-10-11', '2025-11-07', 'receipt on make-up Sat 10/11: Oct 13-17 (5), 20-24 (10), 27-31 (15), Nov 3-7 (20)'],
      // ── 2026 元旦 (1/1–1/3 off; make-up Sun 1/4)
      ['2025-12-31', '2026-01-29', 'Wed before: 1/1-3 off, Sun 4 (1), 5-9 (6), 12-16 (11), 19-23 (16), 26-29 (20)'],
      ['2026-01-01', '2026-01-29', 'on: Sun 4 (1), 5-9 (6), 12-16 (11), 19-23 (16), 26-29 (20)'],
      ['2026-01-04', '2026-01-30', 'receipt on make-up Sun 1/4: Jan 5-9 (5), 12-16 (10), 19-23 (15), 26-30 (20)'],
      // ── 2026 春节 (2/15–2/23 off; make-up Sat 2/14, Sat 2/28)
      ['2026-02-13', '2026-03-19', 'Fri before: Sat 14 (1), 15-23 off, 24-27 (5), Sat 28 (6), Mar 2-6 (11), 9-13 (16), 16-19 (20)'],
      ['2026-02-14', '2026-03-20', 'receipt on make-up Sat 2/14: Feb 24-27 (4), Sat 28 (5), Mar 2-6 (10), 9-13 (15), 16-20 (20)'],
      ['2026-02-15', '2026-03-20', 'on: Feb 24-27 (4), Sat 28 (5), Mar 2-6 (10), 9-13 (15), 16-20 (20)'],
      ['2026-02-18', '2026-03-20', 'inside: Feb 24-27 (4), Sat 28 (5), Mar 2-6 (10), 9-13 (15), 16-20 (20)'],
      ['2026-02-28', '2026-03-27', 'receipt on make-up Sat 2/28: Mar 2-6 (5), 9-13 (10), 16-20 (15), 23-27 (20)'],
      // ── 2026 清明 (4/4–4/6 off) running into 劳动节 (5/1–5/5 off; make-up Sat 5/9)
      ['2026-04-03', '2026-05-07', 'Fri before: 4-6 off, Apr 7-10 (4), 13-17 (9), 20-24 (14), 27-30 (18), May 1-5 off, May 6-7 (20)'],
      ['2026-04-04', '2026-05-07', 'on: Apr 7-10 (4), 13-17 (9), 20-24 (14), 27-30 (18), May 6-7 (20)'],
      ['2026-04-06', '2026-05-07', 'last day off: Apr 7-10 (4), 13-17 (9), 20-24 (14), 27-30 (18), May 6-7 (20)'],
      // ── 2026 劳动节
      ['2026-04-30', '2026-06-01', 'Thu before: May 6-8 (3), Sat 9 (4), 11-15 (9), 18-22 (14), 25-29 (19), Jun 1 (20)'],
      ['2026-05-01', '2026-06-01', 'on: May 6-8 (3), Sat 9 (4), 11-15 (9), 18-22 (14), 25-29 (19), Jun 1 (20)'],
      ['2026-05-04', '2026-06-01', 'inside: May 6-8 (3), Sat 9 (4), 11-15 (9), 18-22 (14), 25-29 (19), Jun 1 (20)'],
      ['2026-05-09', '2026-06-05', 'receipt on make-up Sat 5/9: May 11-15 (5), 18-22 (10), 25-29 (15), Jun 1-5 (20)'],
      // ── 2026 端午 (6/19–6/21 off)
      ['2026-06-18', '2026-07-17', 'Thu before: 19-21 off, Jun 22-26 (5), Jun 29-Jul 3 (10), Jul 6-10 (15), 13-17 (20)'],
      ['2026-06-19', '2026-07-17', 'on: Jun 22-26 (5), Jun 29-Jul 3 (10), Jul 6-10 (15), 13-17 (20)'],
      // ── 2026 中秋 (9/25–9/27 off) and 国庆 (10/1–10/7 off; make-up Sun 9/20, Sat 10/10)
      [
        '2026-09-20',
        '2026-10-23',
        'receipt on make-up Sun 9/20: Sep 21-24 (4), 25-27 off, 28-30 (7), Oct 1-7 off, Oct 8-9 (9), Sat 10 (10), 12-16 (15), 19-23 (20)',
      ],
      ['2026-09-24', '2026-10-29', 'Thu before 中秋: Sep 28-30 (3), Oct 8-9 (5), Sat 10 (6), 12-16 (11), 19-23 (16), 26-29 (20)'],
      ['2026-09-25', '2026-10-29', 'on 中秋: Sep 28-30 (3), Oct 1-7 off, Oct 8-9 (5), Sat 10 (6), 12-16 (11), 19-23 (16), 26-29 (20)'],
      ['2026-09-30', '2026-11-03', 'Wed before 国庆: Oct 8-9 (2), Sat 10 (3), 12-16 (8), 19-23 (13), 26-30 (18), Nov 2-3 (20)'],
      ['2026-10-01', '2026-11-03', 'on: Oct 8-9 (2), Sat 10 (3), 12-16 (8), 19-23 (13), 26-30 (18), Nov 2-3 (20)'],
      ['2026-10-05', '2026-11-03', 'inside: Oct 8-9 (2), Sat 10 (3), 12-16 (8), 19-23 (13), 26-30 (18), Nov 2-3 (20)'],
      ['2026-10-10', '2026-11-06', 'receipt on make-up Sat 10/10: Oct 12-16 (5), 19-23 (10), 26-30 (15), Nov 2-6 (20)'],
      // ── ordinary weekends (no holiday involved)
      ['2026-03-07', '2026-04-03', 'plain Sat: Mar 9-13 (5), 16-20 (10), 23-27 (15), Mar 30-Apr 3 (20)'],
      ['2026-03-08', '2026-04-03', 'plain Sun: Mar 9-13 (5), 16-20 (10), 23-27 (15), Mar 30-Apr 3 (20)'],
      ['2026-11-08', '2026-12-04', 'plain Sun: Nov 9-13 (5), 16-20 (10), 23-27 (15), Nov 30-Dec 4 (20)'],
    ];

    it.each(rows)('receipt %s → due %s  [%s]', async (receipt, due) => {
      const created = await api.register(receipt);
      expect(created.receiptDate).toBe(receipt);
      expect(created.dueDate).toBe(due);
      expect(created.clock.dueDate).toBe(due);
      const again = await api.get(created.id);
      expect(again.dueDate).toBe(due);
    });

    const landsOnMakeUpDay: [receipt: string, due: string, count: string][] = [
      ['2024-01-16', '2024-02-18', 'Jan 17-19 (3), 22-26 (8), Jan 29-Feb 2 (13), Sun Feb 4 (14), 5-9 (19), 10-17 off, Sun Feb 18 (20)'],
      ['2024-03-07', '2024-04-07', 'Mar 8 (1), 11-15 (6), 18-22 (11), 25-29 (16), Apr 1-3 (19), 4-6 off, Sun Apr 7 (20)'],
      ['2024-04-11', '2024-05-11', 'Apr 12 (1), 15-19 (6), 22-26 (11), Sun 28 (12), 29-30 (14), May 1-5 off, 6-10 (19), Sat May 11 (20)'],
      ['2024-09-09', '2024-10-12', 'Sep 10-13 (4), Sat 14 (5), 15-17 off, 18-20 (8), 23-27 (13), Sun 29 (14), 30 (15), Oct 8-11 (19), Sat Oct 12 (20)'],
      ['2025-01-06', '2025-02-08', 'Jan 7-10 (4), 13-17 (9), 20-24 (14), Sun 26 (15), 27 (16), Jan 28-Feb 4 off, Feb 5-7 (19), Sat Feb 8 (20)'],
      ['2025-09-01', '2025-09-28', 'Sep 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), Sun Sep 28 (20)'],
      ['2025-12-04', '2026-01-04', 'Dec 5 (1), 8-12 (6), 15-19 (11), 22-26 (16), 29-31 (19), Jan 1-3 off, Sun Jan 4 (20)'],
      ['2026-01-19', '2026-02-14', 'Jan 20-23 (4), 26-30 (9), Feb 2-6 (14), 9-13 (19), Sat Feb 14 (20)'],
      ['2026-01-26', '2026-02-28', 'Jan 27-30 (4), Feb 2-6 (9), 9-13 (14), Sat 14 (15), 15-23 off, 24-27 (19), Sat Feb 28 (20)'],
      ['2026-04-08', '2026-05-09', 'Apr 9-10 (2), 13-17 (7), 20-24 (12), 27-30 (16), May 1-5 off, 6-8 (19), Sat May 9 (20)'],
      ['2026-08-24', '2026-09-20', 'Aug 25-28 (4), Aug 31-Sep 4 (9), 7-11 (14), 14-18 (19), Sun Sep 20 (20)'],
      ['2026-09-07', '2026-10-10', 'Sep 8-11 (4), 14-18 (9), Sun 20 (10), 21-24 (14), 25-27 off, 28-30 (17), Oct 1-7 off, 8-9 (19), Sat Oct 10 (20)'],
    ];

    it.each(landsOnMakeUpDay)('due date on a make-up working day: receipt %s → due %s  [%s]', async (receipt, due) => {
      const created = await api.register(receipt);
      expect(created.dueDate).toBe(due);
    });

    it.each<Channel>(['counter', 'fax', 'web', 'letter_registered', 'letter_ordinary'])(
      'channel %s: the receipt date as recorded drives the count (2026-06-01 → 2026-06-30)',
      async (channel) => {
        // Mon 6/1: Jun 2-5 (4), 8-12 (9), 15-18 (13), 19-21 off, 22-26 (18), 29-30 (20)
        const created = await api.register('2026-06-01', channel);
        expect(created.dueDate).toBe('2026-06-30');
      },
    );
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('2. correction (补正, 条例第三十条)', () => {
    it('across 中秋/国庆 2026: notice deadline R+7, window N+15, due C+20', async () => {
      // R = Tue 2026-09-22. correctionNoticeDeadline = 7 wd after R:
      //   Sep 23-24 (2), 25-27 off, 28-30 (5), Oct 1-7 off, Oct 8 (6), Oct 9 (7) → 2026-10-09
      const c = await api.register('2026-09-22');
      expect(c.clock.correctionNoticeDeadline).toBe('2026-10-09');
      // N = Thu 2026-09-24. correctionWindowEnds = 15 wd after N (default agency setting):
      //   Sep 28-30 (3), Oct 8-9 (5), Sat Oct 10 (6), 12-16 (11), 19-22 (15) → 2026-10-22
      const n = await api.event(c.id, 'REQUEST_CORRECTION', '2026-09-24', { items: ['请明确所申请信息的名称或文号'] });
      expect(n.clock.correctionWindowEnds).toBe('2026-10-22');
      // C = Mon 2026-10-12 → 20 wd after C: Oct 13-16 (4), 19-23 (9), 26-30 (14), Nov 2-6 (19), Nov 9 (20) → 2026-11-09
      const r = await api.event(c.id, 'RECEIVE_CORRECTION', '2026-10-12');
      expect(r.status).toBe('REGISTERED');
      expect(r.dueDate).toBe('2026-11-09');
      expect(r.clock.baseDate).toBe('2026-10-12');
      const a = await api.accept(c.id, '2026-10-13');
      expect(a.dueDate).toBe('2026-11-09');
      expect((await api.get(c.id)).dueDate).toBe('2026-11-09');
    });

    it('across 春节 2026: notice deadline, window and fresh 20 days', async () => {
      // R = Tue 2026-02-10. +7 wd: Feb 11-13 (3), Sat 14 (4), 15-23 off, 24-26 (7) → 2026-02-26
      const c = await api.register('2026-02-10');
      expect(c.clock.correctionNoticeDeadline).toBe('2026-02-26');
      // N = Thu 2026-02-12. +15 wd: Feb 13 (1), Sat 14 (2), 24-27 (6), Sat 28 (7), Mar 2-6 (12), 9-11 (15) → 2026-03-11
      const n = await api.event(c.id, 'REQUEST_CORRECTION', '2026-02-12', { items: ['请提供身份证明'] });
      expect(n.clock.correctionWindowEnds).toBe('2026-03-11');
      // C = Mon 2026-03-02 → Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), Mar 30 (20) → 2026-03-30
      const r = await api.event(c.id, 'RECEIVE_CORRECTION', '2026-03-02');
      expect(r.dueDate).toBe('2026-03-30');
      await api.accept(c.id, '2026-03-03');
      expect((await api.get(c.id)).dueDate).toBe('2026-03-30');
    });

    it('across 国庆 2025, correction arriving on the make-up Saturday 2025-10-11', async () => {
      // R = Fri 2025-09-26. +7 wd: Sun 28 (1), 29-30 (3), Oct 1-8 off, Oct 9-10 (5), Sat 11 (6), Mon 13 (7) → 2025-10-13
      const c = await api.register('2025-09-26');
      expect(c.clock.correctionNoticeDeadline).toBe('2025-10-13');
      // N = Mon 2025-09-29. +15 wd: Sep 30 (1), Oct 9-10 (3), Sat 11 (4), 13-17 (9), 20-24 (14), 27 (15) → 2025-10-27
      const n = await api.event(c.id, 'REQUEST_CORRECTION', '2025-09-29', { items: ['请明确获取信息的方式'] });
      expect(n.clock.correctionWindowEnds).toBe('2025-10-27');
      // C = Sat 2025-10-11 (a working day) → Oct 13-17 (5), 20-24 (10), 27-31 (15), Nov 3-7 (20) → 2025-11-07
      const r = await api.event(c.id, 'RECEIVE_CORRECTION', '2025-10-11');
      expect(r.dueDate).toBe('2025-11-07');
      await api.accept(c.id, '2025-10-13');
      expect((await api.get(c.id)).dueDate).toBe('2025-11-07');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('3. third-party consultation (征求意见, 条例32/33/34)', () => {
    it('pause spanning 春节 2026 (2/15–2/23 off, make-up Sat 2/14 and Sat 2/28)', async () => {
      // receipt Mon 2026-02-02; original due: Feb 3-6 (4), 9-13 (9), Sat 14 (10), 24-27 (14), Sat 28 (15), Mar 2-6 (20) → 2026-03-06
      const c = await api.register('2026-02-02');
      expect(c.dueDate).toBe('2026-03-06');
      await api.accept(c.id, '2026-02-03');
      // S = Fri 2026-02-06: used = wd in (2/2, 2/6] = Feb 3,4,5,6 = 4
      // thirdPartyDeadline = 15 wd after S: Feb 9-13 (5), Sat 14 (6), 15-23 off, 24-27 (10), Sat 28 (11), Mar 2-5 (15) → 2026-03-05
      const { c: consulted, consultationId } = await api.consult(c.id, '2026-02-06');
      expect(consulted.clock.thirdPartyDeadline).toBe('2026-03-05');
      // R = Tue 2026-03-03: due = (20−4)=16th wd after R: Mar 4-6 (3), 9-13 (8), 16-20 (13), 23-25 (16) → 2026-03-25
      // cross-check: excluded wd in (2/6, 3/3] = Feb 9-13 (5), Sat 14 (6), 24-27 (10), Sat 28 (11), Mar 2-3 (13) = 13;
      //   3/6 + 13 wd = Mar 9-13 (5), 16-20 (10), 23-25 (13) → 2026-03-25
      const done = await api.opinion(c.id, '2026-03-03', consultationId);
      expect(done.dueDate).toBe('2026-03-25');
      const clock = await api.clock(c.id);
      expect(clock.dueDate).toBe('2026-03-25');
      const pause = clock.pauses.find((p) => p.reason === 'THIRD_PARTY');
      expect(pause).toBeDefined();
      expect(pause!.to).toBe('2026-03-03');
      expect(pause!.excludedWorkdays).toBe(13);
      // Every due date is explained: the excluded interval, its reason and the rule behind it are visible
      const text = JSON.stringify(clock.explanation ?? []);
      expect(text).toContain('2026-02-06');
      expect(text).toContain('2026-03-03');
      expect(text).toContain('2026-03-25');
      expect((clock.explanation ?? []).every((l) => typeof l.text === 'string' && l.text.length > 0)).toBe(true);
      expect((clock.explanation ?? []).some((l) => /第三十三条/.test(l.rule ?? ''))).toBe(true);
    });

    it('pause spanning 国庆 2026 (10/1–10/7 off, make-up Sun 9/20 and Sat 10/10)', async () => {
      // receipt Mon 2026-09-14; original due: Sep 15-18 (4), Sun 20 (5), 21-24 (9), 28-30 (12), Oct 8-9 (14), Sat 10 (15), 12-16 (20) → 2026-10-16
      const c = await api.register('2026-09-14');
      expect(c.dueDate).toBe('2026-10-16');
      await api.accept(c.id, '2026-09-15');
      // S = Mon 2026-09-21: used = Sep 15-18 (4), Sun 20 (5), 21 (6) = 6
      // thirdPartyDeadline = 15 wd after S: Sep 22-24 (3), 28-30 (6), Oct 8-9 (8), Sat 10 (9), 12-16 (14), 19 (15) → 2026-10-19
      const { c: consulted, consultationId } = await api.consult(c.id, '2026-09-21');
      expect(consulted.clock.thirdPartyDeadline).toBe('2026-10-19');
      // R = Tue 2026-10-13: due = 14th wd after R: Oct 14-16 (3), 19-23 (8), 26-30 (13), Nov 2 (14) → 2026-11-02
      // cross-check: excluded (9/21, 10/13] = Sep 22-24 (3), 28-30 (6), Oct 8-9 (8), Sat 10 (9), 12-13 (11) = 11; 10/16 + 11 → Nov 2
      const done = await api.opinion(c.id, '2026-10-13', consultationId);
      expect(done.dueDate).toBe('2026-11-02');
      expect(done.clock.pauses.find((p) => p.reason === 'THIRD_PARTY')?.excludedWorkdays).toBe(11);
    });

    it('co-producing agency silent: the pause ends when its 15 working days run out, not on the day the lapse is recorded', async () => {
      // receipt Mon 2026-06-01; S = Fri 2026-06-05: used = Jun 2-5 = 4
      // deadline = 15 wd after S: Jun 8-12 (5), 15-18 (9), 19 off, 22-26 (14), 29 (15) → 2026-06-29
      const c = await api.register('2026-06-01');
      await api.accept(c.id, '2026-06-02');
      const { c: consulted, consultationId } = await api.consult(c.id, '2026-06-05', 'CO_PRODUCING_AGENCY');
      expect(consulted.clock.thirdPartyDeadline).toBe('2026-06-29');
      // lapse recorded on Tue 6/30 (the first day it is known). Pause = (S, S+15wd] = (6/5, 6/29] (条例第三十二条)
      // due = 16th wd after 6/29: Jun 30 (1), Jul 1-3 (4), 6-10 (9), 13-17 (14), 20-21 (16) → 2026-07-21
      const lapsed = await api.event(c.id, 'THIRD_PARTY_LAPSED', '2026-06-30', { consultationId });
      expect(lapsed.dueDate).toBe('2026-07-21');
    });

    it('third party silent, lapse recorded a week late: the excluded time still stops at S+15 wd', async () => {
      // same dates as above (receipt 6/1, S = 6/5, deadline 6/29), lapse recorded Mon 2026-07-06.
      // 条例第三十二条: the pause is (S, R] with R = the day the third party's 15 wd run out = 6/29 → due 2026-07-21
      //   (if the recording date were used: 16th wd after 7/6 = Jul 7-10 (4), 13-17 (9), 20-24 (14), 27-28 (16) → 2026-07-28)
      const c = await api.register('2026-06-01');
      await api.accept(c.id, '2026-06-02');
      const { consultationId } = await api.consult(c.id, '2026-06-05');
      const lapsed = await api.event(c.id, 'THIRD_PARTY_LAPSED', '2026-07-06', { consultationId });
      expect(lapsed.dueDate).toBe('2026-07-21');
    });

    it('a "lapse" recorded before the 15 working days have run out is refused', async () => {
      // receipt 6/1, S = Fri 6/5 → the third party may answer until 2026-06-29 (15 wd, counted above); 6/15 is only the 6th wd
      const c = await api.register('2026-06-01');
      await api.accept(c.id, '2026-06-02');
      const { consultationId } = await api.consult(c.id, '2026-06-05');
      const early = await api.eventRaw(c.id, 'THIRD_PARTY_LAPSED', '2026-06-15', { consultationId });
      expect(early.status).toBeGreaterThanOrEqual(400);
      expect(early.status).toBeLessThan(500);
    });

    it('consultation sent and answered on make-up Saturdays of 春节 2026 (2/14 and 2/28)', async () => {
      // receipt Mon 2026-02-09; original due: Feb 10-13 (4), Sat 14 (5), 24-27 (9), Sat 28 (10), Mar 2-6 (15), 9-13 (20) → 2026-03-13
      const c = await api.register('2026-02-09');
      expect(c.dueDate).toBe('2026-03-13');
      await api.accept(c.id, '2026-02-10');
      // S = Sat 2/14 (working): used = Feb 10-13 (4), Sat 14 (5) = 5
      // thirdPartyDeadline = 15 wd after 2/14: Feb 24-27 (4), Sat 28 (5), Mar 2-6 (10), 9-13 (15) → 2026-03-13
      const k = await api.consult(c.id, '2026-02-14');
      expect(k.c.clock.thirdPartyDeadline).toBe('2026-03-13');
      // R = Sat 2/28: due = 15th wd after 2/28: Mar 2-6 (5), 9-13 (10), 16-20 (15) → 2026-03-20
      //   (excluded (2/14, 2/28] = Feb 24-27 (4) + Sat 28 (5) = 5; 3/13 + 5 → 3/20)
      const done = await api.opinion(c.id, '2026-02-28', k.consultationId);
      expect(done.dueDate).toBe('2026-03-20');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('4. several consultations: the excluded time is the union of their intervals', () => {
    it('two overlapping consultations (S1 < S2 < R1 < R2)', async () => {
      // receipt Mon 2026-03-02; original due: Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20) → 2026-03-30
      const c = await api.register('2026-03-02');
      await api.accept(c.id, '2026-03-03');
      // S1 = Thu 3/5 (deadline 15 wd: Mar 6 (1), 9-13 (6), 16-20 (11), 23-26 (15) → 2026-03-26)
      const one = await api.consult(c.id, '2026-03-05');
      expect(one.c.clock.thirdPartyDeadline).toBe('2026-03-26');
      // S2 = Tue 3/10 (deadline 15 wd: Mar 11-13 (3), 16-20 (8), 23-27 (13), 30-31 (15) → 2026-03-31)
      const two = await api.consult(c.id, '2026-03-10');
      await api.opinion(c.id, '2026-03-17', one.consultationId); // R1 = Tue 3/17 — consultation 2 still open
      const afterR1 = await api.get(c.id);
      expect(afterR1.clock.thirdPartyDeadline).toBe('2026-03-31');
      // R2 = Tue 3/24. union = (3/5, 3/24]; used = wd in (3/2, 3/5] = 3
      // due = 17th wd after 3/24: Mar 25-27 (3), Mar 30-Apr 3 (8), 4-6 off, Apr 7-10 (12), 13-17 (17) → 2026-04-17
      // cross-check: union wd = Mar 6 (1), 9-13 (6), 16-20 (11), 23-24 (13) = 13; 3/30 + 13 → Apr 17.
      //   (Summing the intervals instead would exclude 8 + 10 = 18 wd → 2026-04-24.)
      const done = await api.opinion(c.id, '2026-03-24', two.consultationId);
      expect(done.dueDate).toBe('2026-04-17');
    });

    it('two consultations, one nested inside the other (S1 < S2 < R2 < R1)', async () => {
      // receipt Mon 2026-03-02, same base as above; S1 = 3/5, S2 = 3/10, R2 = 3/17, R1 = 3/24 → union (3/5, 3/24] again
      // due = 17th wd after 3/24 → 2026-04-17 (count as above)
      const c = await api.register('2026-03-02');
      await api.accept(c.id, '2026-03-03');
      const one = await api.consult(c.id, '2026-03-05');
      const two = await api.consult(c.id, '2026-03-10');
      await api.opinion(c.id, '2026-03-17', two.consultationId);
      const done = await api.opinion(c.id, '2026-03-24', one.consultationId);
      expect(done.dueDate).toBe('2026-04-17');
    });

    it('two disjoint consultations around 劳动节 2026', async () => {
      // receipt Mon 2026-04-20; original due: Apr 21-24 (4), 27-30 (8), May 6-8 (11), Sat 9 (12), 11-15 (17), 18-20 (20) → 2026-05-20
      const c = await api.register('2026-04-20');
      expect(c.dueDate).toBe('2026-05-20');
      await api.accept(c.id, '2026-04-21');
      // (4/22, 4/28] excluded = Apr 23, 24, 27, 28 = 4 wd
      const one = await api.consult(c.id, '2026-04-22');
      await api.opinion(c.id, '2026-04-28', one.consultationId);
      // (5/7, 5/13] excluded = May 8 (1), Sat 9 (2), 11-13 (5) = 5 wd
      const two = await api.consult(c.id, '2026-05-07');
      const done = await api.opinion(c.id, '2026-05-13', two.consultationId);
      // used = (4/20,4/22] 2 + (4/28,5/7] Apr 29-30, May 6-7 = 4 → 6; due = 14th wd after 5/13:
      //   May 14-15 (2), 18-22 (7), 25-29 (12), Jun 1-2 (14) → 2026-06-02  (= 5/20 + 9 excluded wd)
      expect(done.dueDate).toBe('2026-06-02');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('5. fee (信息处理费, 109号): (F, P] excluded, payment deadline F+20', () => {
    it('fee notice just before 劳动节 2026', async () => {
      // receipt Mon 2026-04-27; original due: Apr 28-30 (3), May 6-8 (6), Sat 9 (7), 11-15 (12), 18-22 (17), 25-27 (20) → 2026-05-27
      const c = await api.register('2026-04-27');
      expect(c.dueDate).toBe('2026-05-27');
      await api.accept(c.id, '2026-04-28');
      // F = Thu 4/30; feeDeadline = 20 wd after F: May 6-8 (3), Sat 9 (4), 11-15 (9), 18-22 (14), 25-29 (19), Jun 1 (20) → 2026-06-01
      const f = await api.event(c.id, 'SEND_FEE_NOTICE', '2026-04-30', { basis: 'PER_PAGE', pages: 40 });
      expect(f.clock.feeDeadline).toBe('2026-06-01');
      // P = Tue 5/12; used = wd in (4/27, 4/30] = 3; due = 17th wd after 5/12:
      //   May 13-15 (3), 18-22 (8), 25-29 (13), Jun 1-4 (17) → 2026-06-04
      // cross-check: excluded (4/30, 5/12] = May 6-8 (3), Sat 9 (4), 11-12 (6) = 6; 5/27 + 6 → Jun 4
      const p = await api.event(c.id, 'RECEIVE_FEE_PAYMENT', '2026-05-12');
      expect(p.dueDate).toBe('2026-06-04');
      expect(p.clock.pauses.find((x) => x.reason === 'FEE')?.excludedWorkdays).toBe(6);
    });

    it('consultation then fee: both intervals excluded, 端午 2026 in between', async () => {
      // (The statechart refuses a fee notice while consulting and a consultation while awaiting payment (409
      //  NOT_ALLOWED_IN_STATE), so a fee pause overlapping a consultation cannot be built through the API.)
      // receipt Mon 2026-06-01 → original due 2026-06-30 (Jun 2-5 (4), 8-12 (9), 15-18 (13), 19 off, 22-26 (18), 29-30 (20))
      const c = await api.register('2026-06-01');
      await api.accept(c.id, '2026-06-02');
      const k = await api.consult(c.id, '2026-06-03'); // S = Wed 6/3
      await api.opinion(c.id, '2026-06-10', k.consultationId); // R = Wed 6/10: excluded Jun 4-5, 8-10 = 5 wd
      // F = Fri 6/12 → feeDeadline = 20 wd after: Jun 15-18 (4), 19 off, 22-26 (9), Jun 29-Jul 3 (14), Jul 6-10 (19), 13 (20) → 2026-07-13
      const f = await api.event(c.id, 'SEND_FEE_NOTICE', '2026-06-12', { basis: 'PER_PAGE', pages: 40 });
      expect(f.clock.feeDeadline).toBe('2026-07-13');
      // P = Wed 6/17: excluded Jun 15-17 = 3 wd. used = (6/1,6/3] 2 + (6/10,6/12] 2 = 4
      // due = 16th wd after 6/17: Jun 18 (1), 19 off, 22-26 (6), Jun 29-Jul 3 (11), Jul 6-10 (16) → 2026-07-10  (= 6/30 + 8)
      const p = await api.event(c.id, 'RECEIVE_FEE_PAYMENT', '2026-06-17');
      expect(p.dueDate).toBe('2026-07-10');
    });

    it('fee notice just before 国庆 2025', async () => {
      // receipt Mon 2025-09-22; accept 9/23; F = Fri 9/26; used = Sep 23-26 = 4
      // feeDeadline = 20 wd after F: Sun 28 (1), 29-30 (3), Oct 1-8 off, 9-10 (5), Sat 11 (6), 13-17 (11), 20-24 (16), 27-30 (20) → 2025-10-30
      const c = await api.register('2025-09-22');
      await api.accept(c.id, '2025-09-23');
      const f = await api.event(c.id, 'SEND_FEE_NOTICE', '2025-09-26', { basis: 'PER_PAGE', pages: 31 });
      expect(f.clock.feeDeadline).toBe('2025-10-30');
      // P = Mon 10/13; due = 16th wd after 10/13: Oct 14-17 (4), 20-24 (9), 27-31 (14), Nov 3-4 (16) → 2025-11-04
      const p = await api.event(c.id, 'RECEIVE_FEE_PAYMENT', '2025-10-13');
      expect(p.dueDate).toBe('2025-11-04');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('6. extension (延期, 条例33②): n wd after the then-current due date', () => {
    it('default 20 working days, approved by the office head on the due date itself (国庆 2026 in between)', async () => {
      // receipt Tue 2026-09-01: Sep 2-4 (3), 7-11 (8), 14-18 (13), Sun 20 (14), 21-24 (18), 28-29 (20) → 2026-09-29
      const c = await api.register('2026-09-01');
      expect(c.dueDate).toBe('2026-09-29');
      await api.accept(c.id, '2026-09-02');
      // +20 wd after 9/29: Sep 30 (1), Oct 8-9 (3), Sat 10 (4), 12-16 (9), 19-23 (14), 26-30 (19), Nov 2 (20) → 2026-11-02
      const x = await api.event(c.id, 'APPROVE_EXTENSION', '2026-09-29', { grounds: '涉及多个部门，需调取历史档案' }, HEAD);
      expect(x.dueDate).toBe('2026-11-02');
      expect(x.clock.extension?.workdays).toBe(20);
      expect(x.clock.extension?.approvedOn).toBe('2026-09-29');
      const text = JSON.stringify((await api.clock(c.id)).explanation ?? []);
      expect(text).toContain('2026-11-02');
      expect(text).toMatch(/延/);
    });

    it('an extension of 5 working days', async () => {
      // receipt Mon 2026-11-02: Nov 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20) → 2026-11-30
      const c = await api.register('2026-11-02');
      expect(c.dueDate).toBe('2026-11-30');
      await api.accept(c.id, '2026-11-03');
      // +5 wd after 11/30: Dec 1-4 (4), Dec 7 (5) → 2026-12-07
      const x = await api.event(c.id, 'APPROVE_EXTENSION', '2026-11-27', { workdays: 5, grounds: '需补充检索' }, HEAD);
      expect(x.dueDate).toBe('2026-12-07');
      expect(x.clock.extension?.workdays).toBe(5);
    });

    it('extension then pause: total becomes 40', async () => {
      // receipt Mon 2026-03-02 → due 2026-03-30 (Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20))
      const c = await api.register('2026-03-02');
      await api.accept(c.id, '2026-03-03');
      // extension approved Fri 3/20: +20 after 3/30: Mar 31-Apr 3 (4), 4-6 off, Apr 7-10 (8), 13-17 (13), 20-24 (18), 27-28 (20) → 2026-04-28
      const x = await api.event(c.id, 'APPROVE_EXTENSION', '2026-03-20', { grounds: '需调取档案' }, HEAD);
      expect(x.dueDate).toBe('2026-04-28');
      // S = Wed 4/1, R = Wed 4/15. used = wd in (3/2, 4/1] = Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30-Apr 1 (22) = 22
      // due = (40−22)=18th wd after 4/15: Apr 16-17 (2), 20-24 (7), 27-30 (11), May 1-5 off, 6-8 (14), Sat 9 (15), 11-13 (18) → 2026-05-13
      // cross-check: excluded (4/1, 4/15] = Apr 2-3 (2), 7-10 (6), 13-15 (9) = 9; 4/28 + 9 → May 13
      const k = await api.consult(c.id, '2026-04-01');
      const done = await api.opinion(c.id, '2026-04-15', k.consultationId);
      expect(done.dueDate).toBe('2026-05-13');
    });

    it('pause then extension: extension counts from the already-moved due date', async () => {
      // receipt Mon 2026-03-02; S = Tue 3/10 (used = Mar 3-6, 9-10 = 6), R = Fri 3/20
      // due = 14th wd after 3/20: Mar 23-27 (5), Mar 30-Apr 3 (10), 4-6 off, Apr 7-10 (14) → 2026-04-10
      const c = await api.register('2026-03-02');
      await api.accept(c.id, '2026-03-03');
      const k = await api.consult(c.id, '2026-03-10');
      const after = await api.opinion(c.id, '2026-03-20', k.consultationId);
      expect(after.dueDate).toBe('2026-04-10');
      // extension approved Wed 4/8: +20 after 4/10: Apr 13-17 (5), 20-24 (10), 27-30 (14), May 1-5 off, 6-8 (17), Sat 9 (18), 11-12 (20) → 2026-05-12
      const x = await api.event(c.id, 'APPROVE_EXTENSION', '2026-04-08', { grounds: '第三方意见涉及复杂问题' }, HEAD);
      expect(x.dueDate).toBe('2026-05-12');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('7. deferral (延迟答复, 条例35)', () => {
    it('DEFER until U sets the due date to U and the clock state to deferred', async () => {
      const c = await api.register('2026-10-12');
      await api.accept(c.id, '2026-10-13');
      const d = await api.event(c.id, 'DEFER', '2026-10-20', { until: '2026-12-31', grounds: '申请数量明显超过合理范围，理由合理' });
      expect(d.dueDate).toBe('2026-12-31');
      expect(d.clock.state).toBe('deferred');
      const clock = await api.clock(c.id);
      expect(clock.state).toBe('deferred');
      expect(clock.dueDate).toBe('2026-12-31');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('10. warnings follow the working-day calendar', () => {
    it('correction-notice warning on the 5th wd, reply due in 5 and in 2 wd — across 国庆 2026', async () => {
      // receipt Mon 2026-09-14 → due 2026-10-16 (Sep 15-18 (4), Sun 20 (5), 21-24 (9), 28-30 (12), Oct 8-9 (14), Sat 10 (15), 12-16 (20))
      // CORRECTION_NOTICE_DUE: 5th wd after 9/14 = Sep 15-18 (4), Sun 9/20 make-up (5) → 2026-09-20
      // REPLY_DUE_IN_5: the day after which 5 wd remain: (10/10, 10/16] = Oct 12-16 = 5 → Sat 2026-10-10 (make-up)
      // REPLY_DUE_IN_2: (10/14, 10/16] = Oct 15-16 = 2 → 2026-10-14
      const c = await api.register('2026-09-14');
      expect(c.dueDate).toBe('2026-10-16');
      const clock = await api.clock(c.id);
      expect(clock.warnings).toEqual(
        expect.arrayContaining([
          { code: 'CORRECTION_NOTICE_DUE', date: '2026-09-20' },
          { code: 'REPLY_DUE_IN_5', date: '2026-10-10' },
          { code: 'REPLY_DUE_IN_2', date: '2026-10-14' },
        ]),
      );
    });

    it('same warnings across 春节 2026', async () => {
      // receipt Mon 2026-02-09 → due: Feb 10-13 (4), Sat 14 (5), 24-27 (9), Sat 28 (10), Mar 2-6 (15), 9-13 (20) → 2026-03-13
      // CORRECTION_NOTICE_DUE: Feb 10-13 (4), Sat 2/14 (5) → 2026-02-14
      // REPLY_DUE_IN_5: (3/6, 3/13] = Mar 9-13 = 5 → 2026-03-06;  REPLY_DUE_IN_2: (3/11, 3/13] = 12, 13 → 2026-03-11
      const c = await api.register('2026-02-09');
      const clock = await api.clock(c.id);
      expect(clock.warnings).toEqual(
        expect.arrayContaining([
          { code: 'CORRECTION_NOTICE_DUE', date: '2026-02-14' },
          { code: 'REPLY_DUE_IN_5', date: '2026-03-06' },
          { code: 'REPLY_DUE_IN_2', date: '2026-03-11' },
        ]),
      );
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('9. refusals', () => {
    it('409 on a second extension', async () => {
      // receipt Tue 2026-09-01 → due 9/29 → extended to 11/02 (counts in scenario 6)
      const c = await api.register('2026-09-01');
      await api.accept(c.id, '2026-09-02');
      await api.event(c.id, 'APPROVE_EXTENSION', '2026-09-28', { grounds: '第一次延期' }, HEAD);
      const second = await api.eventRaw(c.id, 'APPROVE_EXTENSION', '2026-10-12', { workdays: 5, grounds: '第二次延期' }, { as: HEAD });
      expect(second.status).toBe(409);
      expect((await api.get(c.id)).dueDate).toBe('2026-11-02');
    });

    it('403 when an officer (not the office head) approves an extension', async () => {
      const c = await api.register('2026-11-16');
      await api.accept(c.id, '2026-11-17');
      const res = await api.eventRaw(c.id, 'APPROVE_EXTENSION', '2026-11-20', { grounds: '承办人自批' }, { as: OFFICER });
      expect(res.status).toBe(403);
      // 11/16 + 20 wd: Nov 17-20 (4), 23-27 (9), Nov 30-Dec 4 (14), 7-11 (19), 14 (20) → unchanged 2026-12-14
      expect((await api.get(c.id)).dueDate).toBe('2026-12-14');
    });

    it('422 for an event dated after today', async () => {
      const c = await api.register('2026-11-30');
      const res = await api.eventRaw(c.id, 'ACCEPT', '2026-12-02');
      expect(res.status).toBe(422);
    });

    it('422 for a back-dated event without a reason', async () => {
      const c = await api.register('2026-11-26');
      const res = await api.eventRaw(c.id, 'ACCEPT', '2026-11-27', {}, { withReason: false });
      expect(res.status).toBe(422);
      // today's event needs no reason
      const today = await api.eventRaw(c.id, 'ACCEPT', '2026-12-01', {}, { withReason: false });
      expect(today.status).toBe(200);
    });

    it('4xx for a second correction request after the correction was received (一次性告知, 条例30)', async () => {
      const c = await api.register('2026-11-02');
      await api.event(c.id, 'REQUEST_CORRECTION', '2026-11-03', { items: ['请明确信息名称'] });
      await api.event(c.id, 'RECEIVE_CORRECTION', '2026-11-10');
      const again = await api.eventRaw(c.id, 'REQUEST_CORRECTION', '2026-11-11', { items: ['请再补充文号'] });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(again.status).toBeLessThan(500);
      // 11/10 + 20 wd: Nov 11-13 (3), 16-20 (8), 23-27 (13), Nov 30-Dec 4 (18), 7-8 (20) → 2026-12-08
      expect((await api.get(c.id)).dueDate).toBe('2026-12-08');
    });

    it('422 for an extension of more than 20 working days (条例33②)', async () => {
      const c = await api.register('2026-11-16');
      await api.accept(c.id, '2026-11-17');
      const res = await api.eventRaw(c.id, 'APPROVE_EXTENSION', '2026-11-20', { workdays: 21, grounds: '超过法定上限' }, { as: HEAD });
      expect(res.status).toBe(422);
    });

    it('4xx for a deferral to a date earlier than the current due date (条例35: a later date)', async () => {
      // receipt Mon 2026-11-02 → due 2026-11-30 (counted in scenario 6)
      const c = await api.register('2026-11-02');
      await api.accept(c.id, '2026-11-03');
      const res = await api.eventRaw(c.id, 'DEFER', '2026-11-05', { until: '2026-11-20', grounds: '提前的“延迟”期限' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((await api.get(c.id)).dueDate).toBe('2026-11-30');
    });

    it('4xx for an event dated before the previous one (effective dates never go backwards)', async () => {
      const c = await api.register('2026-11-02');
      await api.accept(c.id, '2026-11-10');
      const res = await api.eventRaw(c.id, 'CONSULT_THIRD_PARTY', '2026-11-05', { party: 'THIRD_PARTY', partyName: '某公司' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('4xx for an extension approved after the current due date (条例第三十三条第二款: "on or before")', async () => {
      // receipt Mon 2026-10-12 → due: Oct 13-16 (4), 19-23 (9), 26-30 (14), Nov 2-6 (19), 9 (20) → 2026-11-09
      const c = await api.register('2026-10-12');
      expect(c.dueDate).toBe('2026-11-09');
      await api.accept(c.id, '2026-10-13');
      const res = await api.eventRaw(c.id, 'APPROVE_EXTENSION', '2026-11-10', { grounds: '逾期后补批' }, { as: HEAD });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('409 CORRECTION_PERIOD_NOT_OVER for a correction lapse on or before the last day of the window (条例30)', async () => {
      // Same dates as section 2: R = 2026-09-22, N = 2026-09-24 → window ends 2026-10-22; the applicant has all of that day.
      const c = await api.register('2026-09-22');
      await api.event(c.id, 'REQUEST_CORRECTION', '2026-09-24', { items: ['请明确所申请信息的名称或文号'] });
      for (const day of ['2026-10-21', '2026-10-22']) {
        const res = await api.eventRaw(c.id, 'CORRECTION_LAPSED', day);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'CASE_RULE_VIOLATION', errors: [expect.objectContaining({ code: 'CORRECTION_PERIOD_NOT_OVER' })] });
      }
      const lapsed = await api.event(c.id, 'CORRECTION_LAPSED', '2026-10-23');
      expect(lapsed.status).toBe('CLOSED');
    });

    it('409 FEE_PERIOD_NOT_OVER for a fee lapse on or before the last day of the payment period (109号)', async () => {
      // Same dates as section 5: F = 2026-04-30 → payment period ends 2026-06-01.
      const c = await api.register('2026-04-27');
      await api.accept(c.id, '2026-04-28');
      await api.event(c.id, 'SEND_FEE_NOTICE', '2026-04-30', { basis: 'PER_PAGE', pages: 40 });
      const early = await api.eventRaw(c.id, 'FEE_LAPSED', '2026-06-01');
      expect(early.status).toBe(409);
      expect(early.body.errors).toEqual([expect.objectContaining({ code: 'FEE_PERIOD_NOT_OVER' })]);
      expect((await api.event(c.id, 'FEE_LAPSED', '2026-06-02')).status).toBe('CLOSED');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('11. deadlines never vanish: each with its date and whether it was met or missed', () => {
    it('keeps the correction-notice deadline, the window, the consultation, the fee period and the extension', async () => {
      // R = 2026-09-22: notice deadline 2026-10-09 (section 2); N = 2026-09-24 within it; window ends 2026-10-22.
      const c = await api.register('2026-09-22');
      await api.event(c.id, 'REQUEST_CORRECTION', '2026-09-24', { items: ['请明确所申请信息的名称或文号'] });
      let clock = await api.clock(c.id);
      expect(clock.deadlines).toEqual([
        expect.objectContaining({ kind: 'CORRECTION_NOTICE', date: '2026-10-09', metOn: '2026-09-24' }),
        expect.objectContaining({ kind: 'CORRECTION_WINDOW', date: '2026-10-22' }),
      ]);
      // C = 2026-10-12 (met); fresh 20 wd → due 2026-11-09.
      await api.event(c.id, 'RECEIVE_CORRECTION', '2026-10-12');
      await api.accept(c.id, '2026-10-13');
      await api.event(c.id, 'APPROVE_EXTENSION', '2026-10-14', { workdays: 5, grounds: '需要调取档案' }, HEAD);
      clock = await api.clock(c.id);
      expect(clock.deadlines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'CORRECTION_NOTICE', metOn: '2026-09-24' }),
          expect.objectContaining({ kind: 'CORRECTION_WINDOW', date: '2026-10-22', metOn: '2026-10-12' }),
          expect.objectContaining({ kind: 'EXTENSION', date: '2026-11-09', metOn: '2026-10-14' }),
          // 5 wd after 2026-11-09: Nov 10-13 (4), 16 (5)
          expect.objectContaining({ kind: 'REPLY', date: '2026-11-16' }),
        ]),
      );
      // The detail carries the same list.
      expect((await api.get(c.id)).clock.deadlines).toEqual(clock.deadlines);
    });

    it('keeps the fee deadline after payment and marks the reply date missed once it passed', async () => {
      const c = await api.register('2026-04-27');
      await api.accept(c.id, '2026-04-28');
      await api.event(c.id, 'SEND_FEE_NOTICE', '2026-04-30', { basis: 'PER_PAGE', pages: 40 });
      await api.event(c.id, 'RECEIVE_FEE_PAYMENT', '2026-05-12');
      const clock = await api.clock(c.id);
      expect(clock.feeDeadline).toBeUndefined();
      expect(clock.deadlines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'FEE_PAYMENT', date: '2026-06-01', metOn: '2026-05-12' }),
          // due 2026-06-04 (section 5); today is 2026-12-01
          expect.objectContaining({ kind: 'REPLY', date: '2026-06-04', missed: true, settledOn: '2026-06-05' }),
        ]),
      );
    });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe('8. statutory clock acceptance — 2027 without an announced arrangement (app frozen at 2027-01-20 10:00 Beijing)', () => {
  let sut: TestApp;
  let api: ClockApi;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2027-01-20T02:00:00Z' });
    api = new ClockApi(sut, '2027-01-20');
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('a due date in 2027 is provisional and 2027-01-01 (元旦) is not a working day', async () => {
    // receipt Fri 2026-12-18: Dec 21-25 (5), 28-31 (9), Fri Jan 1 2027 off (元旦), Jan 4-8 (14), 11-15 (19), Jan 18 (20) → 2027-01-18
    //   (were 1/1 counted as a working day the answer would be 2027-01-15)
    const c = await api.register('2026-12-18');
    expect(c.dueDate).toBe('2027-01-18');
    expect(c.clock.provisional).toBe(true);
    expect(c.clock.provisionalYears).toContain(2027);
    expect(c.dueDateProvisional).toBe(true);
    const clock = await api.clock(c.id);
    expect(clock.provisional).toBe(true);
    expect(JSON.stringify(clock.explanation ?? [])).toMatch(/provisional|PROVISIONAL|临时|暂定|未公布/);
  });

  it('a due date wholly inside announced 2026 is not provisional', async () => {
    // receipt Mon 2026-11-02 → 2026-11-30 (Nov 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20))
    const c = await api.register('2026-11-02');
    expect(c.dueDate).toBe('2026-11-30');
    expect(c.clock.provisional).toBe(false);
  });

  it('an extension pushing the due date into 2027 makes it provisional', async () => {
    // receipt Fri 2026-11-20: Nov 23-27 (5), Nov 30-Dec 4 (10), 7-11 (15), 14-18 (20) → 2026-12-18 (not provisional)
    const c = await api.register('2026-11-20');
    expect(c.dueDate).toBe('2026-12-18');
    expect(c.clock.provisional).toBe(false);
    await api.accept(c.id, '2026-11-23');
    // +20 wd after 12/18: Dec 21-25 (5), 28-31 (9), Jan 1 off, Jan 4-8 (14), 11-15 (19), 18 (20) → 2027-01-18
    const x = await api.event(c.id, 'APPROVE_EXTENSION', '2026-12-01', { grounds: '需调取历史档案' }, HEAD);
    expect(x.dueDate).toBe('2027-01-18');
    expect(x.clock.provisional).toBe(true);
  });

  it('provisional 春节 2027 (除夕 Fri 2/5, 初一–初三 2/6–2/8) is excluded', async () => {
    // receipt Fri 2027-01-15: Jan 18-22 (5), 25-29 (10), Feb 1-4 (14), Fri 2/5 除夕 off, 2/6-7 wkend, Mon 2/8 初三 off,
    //   Feb 9-12 (18), 15-16 (20) → 2027-02-16   (without the provisional Spring Festival: 2027-02-12)
    const c = await api.register('2027-01-15');
    expect(c.dueDate).toBe('2027-02-16');
    expect(c.clock.provisional).toBe(true);
  });
});
