import { AgencyEntity } from '../modules/agencies/agency.entity.js';
import { RefreshTokenEntity } from '../modules/auth/refresh-token.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';

/** Every entity, listed explicitly (no globs: they break between ts-jest and compiled ESM). */
export const ENTITIES = [AgencyEntity, UserEntity, RefreshTokenEntity];
