/**
 * What every page of a signed-in console knows: the session, the address, the period chosen in
 * the header (the address's `?ky=`, else the current one) and the periods opened — given by the
 * application (App.tsx) through a React context, so that pages import this and never App.tsx.
 */
import { createContext, useContext } from 'react';
import { canAct, canManageAccounts } from '../shared/accounts.ts';
import type { ConsoleSession, PeriodsResponse } from '../shared/console-api.ts';
import type { Route } from './route.ts';

export interface Frame {
  session: ConsoleSession;
  route: Route;
  /** The chosen period's id; undefined when no period is opened at all. */
  period: string | undefined;
  periods: PeriodsResponse;
  /** Loads the periods again (after opening, closing, moving a deadline …). */
  reloadPeriods: () => void;
  /** The account acts (periods, access, review, reminders): not a leader. */
  acts: boolean;
  /** The account manages accounts (the administrator). */
  admin: boolean;
}

export const FrameContext = createContext<Frame | null>(null);

export function useFrame(): Frame {
  const f = useContext(FrameContext);
  if (!f) throw new Error('useFrame outside the signed-in console');
  return f;
}

export function frameOf(session: ConsoleSession, route: Route, periods: PeriodsResponse, reloadPeriods: () => void): Frame {
  // A period the address names but the system does not have is kept: its pages say so in the system's words.
  const period = route.ky ?? periods.current ?? periods.periods[0]?.id;
  return { session, route, period, periods, reloadPeriods, acts: canAct(session.role), admin: canManageAccounts(session.role) };
}
