/**
 * A deadline field's value said back in the system's one format, with its weekday: “Hạn nộp sẽ là
 * 17:00 ngày 20/11/2023 (thứ Hai).” A date field shows the day in the browser's own order (month
 * first on an English-language machine), so the person reads here which day they chose.
 */
import { formatTimeVi, weekdayVi } from '../../shared/format.ts';
import { vnIso } from '../time.ts';

export function DeadlineWords({ date, time, className }: { date: string; time: string; className?: string }) {
  const iso = vnIso(date, time);
  if (!iso) return null;
  return (
    <div className={className} data-deadline-words aria-live="polite">
      Hạn nộp sẽ là {formatTimeVi(iso)} ({weekdayVi(iso)}).
    </div>
  );
}
