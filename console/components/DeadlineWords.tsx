/**
 * A deadline field's value said back in the system's one format, with its weekday: “Hạn nộp sẽ là
 * 17:00 ngày 20/11/2023 (thứ Hai).” A date field shows the day in the browser's own order (month
 * first on an English-language machine), so the person reads here which day they chose; and a
 * deadline already past is said to be so.
 */
import { formatTimeVi, weekdayVi } from '../../shared/format.ts';
import { vnIso } from '../time.ts';

export function DeadlineWords({ date, time, className }: { date: string; time: string; className?: string }) {
  const iso = vnIso(date, time);
  if (!iso) return null;
  // A deadline already past (a catalogue's, proposed for a period opened late) makes every file from now on late.
  const past = Date.parse(iso) < Date.now();
  return (
    <div className={className} data-deadline-words aria-live="polite">
      Hạn nộp sẽ là {formatTimeVi(iso)} ({weekdayVi(iso)}).
      {past && (
        <strong data-deadline-past style={{ display: 'block', color: '#A4262C' }}>
          Thời điểm này đã qua: mọi tệp nộp từ nay sẽ bị tính là nộp muộn. Hãy chọn hạn nộp mới.
        </strong>
      )}
    </div>
  );
}
