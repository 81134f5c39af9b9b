/** The current time as the ISO string we store. */
export const nowIso = () => new Date().toISOString();
