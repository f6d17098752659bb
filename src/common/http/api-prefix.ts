/**
 * The JSON API's path prefix. The modules that serve it are mounted under it in AppModule (RouterModule), the
 * pages and /health outside it.
 */
export const API_PREFIX = 'api/v1';
