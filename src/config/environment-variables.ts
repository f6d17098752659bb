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

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(86400)
  SCHEDULER_INTERVAL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  SCHEDULER_BATCH_SIZE?: number;
}
