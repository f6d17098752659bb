/** Page routes of the staff report pages (staff-reports.controller.ts), kept outside the API prefix. */
export const STAFF_REPORT_ROUTES = ['staff/reports', 'staff/reports/{*rest}'];
