/** Trailing-edge debounce with cancel (the pane refreshes ~300 ms after the last change). */
export interface Debounced {
  (): void;
  cancel(): void;
}

export const REFRESH_DEBOUNCE_MS = 300;

export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  }) as Debounced;
  call.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return call;
}
