/** Must match global-setup.mjs. */
export const TEMPLATE_DATABASE = 'gongkai_template';

/** Environment variables global-setup hands to the test workers. */
export const TEST_ENV = { adminUrl: 'GONGKAI_TEST_ADMIN_URL', tmpDir: 'GONGKAI_TEST_TMP' } as const;
