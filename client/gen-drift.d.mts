/** Whether src/gen is what openapi.json generates: one line per file that is not; see gen-drift.mjs. */
export declare function generatedDrift(): Promise<string[]>;
