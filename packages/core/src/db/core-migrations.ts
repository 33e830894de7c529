import { fileURLToPath } from 'node:url';

export const coreMigrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));
