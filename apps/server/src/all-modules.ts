import type { ModuleName, TesseraModule } from '@tessera/core';
import { bookkeepingModule } from '@tessera/bookkeeping';
import { gatewayModule } from '@tessera/gateway';
import { statusBoardModule } from '@tessera/status-board';
import { tradingModule } from '@tessera/trading';

/** Every module, loaded eagerly, for the CLI and tests (the server loads only the enabled ones: `module-registry.ts`). */
export const ALL_MODULES: readonly TesseraModule[] = [gatewayModule, bookkeepingModule, tradingModule, statusBoardModule];

export function enabledModules(names: readonly ModuleName[]): TesseraModule[] {
  return ALL_MODULES.filter((m) => names.includes(m.name));
}
