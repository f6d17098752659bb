import type { HttpStatus } from '@nestjs/common';

/** A request-level error: its HTTP status and the Chinese message shown to users. */
export interface ErrorCodeEntry {
  readonly status: HttpStatus;
  readonly message: string;
}

/**
 * One module's codes: `errors` are top-level `code`s (with their status), `fields` are `errors[].code`s (with their
 * message). A module owns the codes that only it produces; codes every module uses (REQUIRED, NOT_FOUND …) are
 * common's.
 */
export interface ModuleErrorTable {
  readonly module: string;
  readonly errors: Readonly<Record<string, ErrorCodeEntry>>;
  readonly fields: Readonly<Record<string, string>>;
}

export interface ErrorCodeConflict {
  code: string;
  /** `module:errors` or `module:fields`, every place the code is defined. */
  definedIn: string[];
}

/**
 * Codes defined more than once across the tables: in two modules, or as both a request-level and a field code. A
 * client branches on the code alone, so one code must mean one thing; the registry refuses any repetition, even
 * with the same wording, so that each code has one home.
 */
export function errorCodeConflicts(tables: readonly ModuleErrorTable[]): ErrorCodeConflict[] {
  const homes = new Map<string, string[]>();
  for (const table of tables) {
    for (const [kind, codes] of [['errors', table.errors], ['fields', table.fields]] as const) {
      for (const code of Object.keys(codes)) homes.set(code, [...(homes.get(code) ?? []), `${table.module}:${kind}`]);
    }
  }
  return [...homes].filter(([, definedIn]) => definedIn.length > 1).map(([code, definedIn]) => ({ code, definedIn }));
}

/** The tables merged into one registry; throws (at boot, and in its spec) if a code is defined twice. */
export function mergeErrorTables(tables: readonly ModuleErrorTable[]): { errors: Record<string, ErrorCodeEntry>; fields: Record<string, string> } {
  const conflicts = errorCodeConflicts(tables);
  if (conflicts.length > 0) {
    throw new Error(`error codes defined more than once: ${conflicts.map((c) => `${c.code} (${c.definedIn.join(', ')})`).join('; ')}`);
  }
  return {
    errors: Object.assign({}, ...tables.map((t) => t.errors)) as Record<string, ErrorCodeEntry>,
    fields: Object.assign({}, ...tables.map((t) => t.fields)) as Record<string, string>,
  };
}
