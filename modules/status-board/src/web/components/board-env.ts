import { createContext } from 'react';

/** What every card on the board may need without threading it through each column. */
export interface BoardEnv {
  technicians: { id: string; name: string }[];
  /** Assigns (or, with null, unassigns) a job's technician. */
  assign: (cardId: string, technicianId: string | null) => void;
}

export const BoardEnvContext = createContext<BoardEnv>({ technicians: [], assign: () => undefined });
