import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Wrong passwords counted per account name and client IP, for known and unknown e-mail addresses alike: a guesser
 * is slowed and then held off from their own address only, so nobody can lock an owner out from elsewhere, and an
 * unknown address behaves exactly like a known one. Names are stored only as keyed hashes.
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  /** HMAC of the lower-cased e-mail address and the client IP. */
  @PrimaryColumn({ type: 'char', length: 64 })
  key: string;

  /** HMAC of the lower-cased e-mail address, so an admin can lift every throttle of one account. */
  @Index()
  @Column({ type: 'char', length: 64 })
  account: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
