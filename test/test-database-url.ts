/** The PostgreSQL database the store tests use; each suite works in a schema of its own inside it. */
export const TEST_DATABASE_URL = process.env.LANTU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
