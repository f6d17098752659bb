import { applyDecorators } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';

/**
 * A controller of HTML pages: left out of the API document, and taking what browsers post — plain forms and, for
 * uploads, multipart — where the API takes JSON only (the media-type check reads `@ApiConsumes`).
 */
export const WebPages = (): ClassDecorator => applyDecorators(ApiExcludeController(), ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data'));
