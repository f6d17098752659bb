import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every environment variable the service reads. Documented one by one in README "Configuration". */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  HTTP_WORKERS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(16384)
  HTTP_WORKER_OLD_SPACE_MB?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  HTTP_MAX_REQUESTS_PER_CONNECTION?: number;

  @IsOptional() @Transform(toBool) @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional() @Matches(/^\d+(kb|mb)$/i, { message: 'must look like 1mb or 512kb' })
  HTTP_BODY_LIMIT?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  LOG_PRETTY?: boolean;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_READ_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  DATABASE_READ_RETRY_SECONDS?: number;

  @IsOptional() @IsString()
  EMBEDDED_PG_DIR?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsOptional() @Transform(toBool) @IsBoolean()
  DB_RUN_MIGRATIONS?: boolean;

  @IsOptional() @Transform(toBool) @IsBoolean()
  DB_SEED_DEMO?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(60000)
  DB_CONNECT_TIMEOUT_MS?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  JWT_ACCESS_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  REFRESH_TOKEN_TTL_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  AUTH_MAX_FAILED_LOGINS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  AUTH_LOCK_MINUTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  AUTH_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3000)
  AUTH_FAILURE_DELAY_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(300)
  AUTH_SESSION_CACHE_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(86400)
  SCHEDULER_INTERVAL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  SCHEDULER_BATCH_SIZE?: number;

  // --- storage (src/modules/storage) and intake (src/modules/intake) ---
  @IsOptional() @IsIn(['local', 's3'])
  STORAGE_DRIVER?: 'local' | 's3';

  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[a-z0-9-]{2,40}$/, { message: 'must look like us-east-1 or cn-north-1' })
  S3_REGION?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
  S3_BUCKET?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(1073741824)
  ATTACHMENT_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  ATTACHMENT_UPLOAD_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(8760)
  ATTACHMENT_UNLINKED_RETENTION_HOURS?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32)
  QUERY_CODE_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  INTAKE_MONTHLY_REQUEST_THRESHOLD?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  APPLICATION_RATE_LIMIT_PER_HOUR?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1000)
  ACK_MAILS_PER_ADDRESS_PER_DAY?: number;

  // --- mail (outbox + dispatcher, src/modules/notifications) ---
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^smtps?:\/\/[^\s/?#]+/i, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@"]+@[^<>\s@]+)$/, { message: 'must be an address, optionally with a name: "Name" <user@host>' })
  MAIL_FROM?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  MAIL_DISPATCH_INTERVAL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  MAIL_BATCH_SIZE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  MAIL_MAX_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  MAIL_RETRY_BASE_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(604800)
  MAIL_RETRY_MAX_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(30) @Max(86400)
  MAIL_LEASE_SECONDS?: number;

  // --- documents (templates and PDF fonts, src/modules/documents) ---
  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DOCUMENT_TEMPLATES_DIR?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DOCUMENT_FONT_REGULAR?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DOCUMENT_FONT_BOLD?: string;

  /** PNG of the agency's electronic seal, pressed on issued documents; unset: no seal is printed. */
  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DOCUMENT_SEAL_IMAGE?: string;

  /** Worker threads that render official PDFs off the event loop (default 0: on the main thread). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(8)
  PDF_RENDER_WORKERS?: number;

  /** Comma-separated; an empty value means "no fallback font" (unlike unset), so it is not turned into undefined. */
  @IsOptional() @IsString()
  DOCUMENT_FONT_FALLBACKS?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32)
  DATA_ENCRYPTION_KEY?: string;

  // --- evidence archive (src/modules/archive) ---
  /** PKCS#8 PEM of the Ed25519 key that signs bundles and ledger checkpoints (literal "\n" allowed). */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(40)
  ARCHIVE_SIGNING_KEY?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/)
  ARCHIVE_SIGNING_KEY_VALID_FROM?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(50)
  ARCHIVE_SIGNING_KEY_VALID_YEARS?: number;

  /** Algorithm of the archive signing key: ed25519 (default) or sm2 (GB/T 32918 with SM3). */
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['ed25519', 'sm2'])
  ARCHIVE_SIGNATURE_ALGORITHM?: 'ed25519' | 'sm2';

  /** Checkpoint origin line (C2SP tlog-checkpoint): a schema-less URL naming this log. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @Matches(/^[\x21-\x7e]{1,200}$/)
  ARCHIVE_LOG_ORIGIN?: string;

  /** Bulk export (ZIP of bundles): most cases one export may hold; a larger search result is refused (422). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  ARCHIVE_EXPORT_MAX_CASES?: number;

  /** Bulk export: most bytes of one export's ZIP; the job fails cleanly when its bundles would exceed it. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024)
  ARCHIVE_EXPORT_MAX_BYTES?: number;
}
