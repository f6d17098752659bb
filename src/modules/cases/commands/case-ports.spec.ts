import type { EntityManager } from 'typeorm';
import { LegalReviewService } from '../../legal/legal-review.service.js';
import { UserNotices } from '../../notifications/notify-users.js';
import { CaseCommandPipeline } from './case-command.pipeline.js';
import { CaseNoticesPort, CasePortError, LegalReferralsPort } from './case-ports.js';

const em = {} as EntityManager;

/** The pipeline's boot check, as Nest would call it once every module has started (other dependencies left out). */
const bootCheck = (notices: CaseNoticesPort, legalReferrals: LegalReferralsPort): void => {
  const pipeline = Object.create(CaseCommandPipeline.prototype) as CaseCommandPipeline;
  Object.assign(pipeline, { effects: { assertComplete: () => undefined }, notices, legalReferrals });
  pipeline.onApplicationBootstrap();
};

/** A module's class starting, as Nest would start it (only its port given). */
const start = <T extends { onModuleInit(): void }>(cls: { prototype: T }, port: unknown): void => {
  const instance = Object.create(cls.prototype) as T;
  Object.assign(instance, { port });
  instance.onModuleInit();
};

describe('case pipeline ports', () => {
  it('should be implemented by the notifications and legal modules when they start, and then let the app boot', () => {
    const notices = new CaseNoticesPort();
    const legalReferrals = new LegalReferralsPort();
    expect(() => bootCheck(notices, legalReferrals)).toThrow(new CasePortError('Ports without an implementation: CaseNoticesPort, LegalReferralsPort'));
    start(UserNotices, notices);
    start(LegalReviewService, legalReferrals);
    expect(() => bootCheck(notices, legalReferrals)).not.toThrow();
  });

  it('should pass a call on to the implementation and refuse a second one', async () => {
    const port = new CaseNoticesPort();
    const calls: unknown[] = [];
    port.implement({ notify: (_em, userIds, notice) => Promise.resolve(void calls.push([[...userIds], notice])) });
    await port.notify(em, ['u1'], { caseId: null, kind: 'ASSIGNED', message: '已分配' });
    expect(calls).toEqual([[['u1'], { caseId: null, kind: 'ASSIGNED', message: '已分配' }]]);
    expect(() => port.implement({ notify: () => Promise.resolve() })).toThrow(new CasePortError('CaseNoticesPort has two implementations'));
  });

  it('should refuse a call before anything implements the port', () => {
    expect(() => new LegalReferralsPort().answer(em, 'c', { referralId: 'r', opinion: 'AGREE', text: '同意' }, '2026-03-09', 'a')).toThrow(
      new CasePortError('LegalReferralsPort has no implementation'),
    );
  });
});
