import { useTranslation } from 'react-i18next';
import { WEEKDAY_KEYS, type WeekdayKey } from '../../../../shared/contracts/sla.ts';

export type WeeklyHours = Record<WeekdayKey, Array<[string, string]>>;

export const OFFICE_HOURS: WeeklyHours = {
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [['08:00', '17:00']],
  sat: [],
  sun: [],
};

/**
 * Opening hours per weekday, each day with any number of ranges (a lunch break is two ranges);
 * a day without ranges is closed. The server checks order and overlaps and says what is wrong.
 */
export function WeeklyHoursEditor({ value, onChange }: { value: WeeklyHours; onChange: (hours: WeeklyHours) => void }) {
  const { t } = useTranslation();
  const setDay = (day: WeekdayKey, ranges: Array<[string, string]>) => onChange({ ...value, [day]: ranges });
  return (
    <fieldset className="weekly-hours">
      <legend>{t('slaAdmin.hours')}</legend>
      <table className="data-table">
        <tbody>
          {WEEKDAY_KEYS.map((day) => {
            const ranges = value[day];
            const dayName = t(`slaAdmin.days.${day}`);
            return (
              <tr key={day}>
                <th scope="row">{dayName}</th>
                <td>
                  {ranges.length === 0 && <span className="muted">{t('slaAdmin.closed')}</span>}
                  {ranges.map(([from, to], index) => (
                    <span key={index} className="hours-range">
                      <label className="visually-hidden" htmlFor={`hours-${day}-${index}-from`}>
                        {t('slaAdmin.rangeFrom', { day: dayName, n: index + 1 })}
                      </label>
                      <input
                        id={`hours-${day}-${index}-from`}
                        type="time"
                        required
                        value={from}
                        onChange={(e) =>
                          setDay(
                            day,
                            ranges.map((r, i) => (i === index ? [e.target.value, r[1]] : r)),
                          )
                        }
                      />
                      {' – '}
                      <label className="visually-hidden" htmlFor={`hours-${day}-${index}-to`}>
                        {t('slaAdmin.rangeTo', { day: dayName, n: index + 1 })}
                      </label>
                      <input
                        id={`hours-${day}-${index}-to`}
                        type="time"
                        required
                        value={to === '24:00' ? '23:59' : to}
                        onChange={(e) =>
                          setDay(
                            day,
                            ranges.map((r, i) => (i === index ? [r[0], e.target.value === '23:59' ? '24:00' : e.target.value] : r)),
                          )
                        }
                      />{' '}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() =>
                          setDay(
                            day,
                            ranges.filter((_, i) => i !== index),
                          )
                        }
                      >
                        {t('slaAdmin.removeRange')}
                        <span className="visually-hidden">: {dayName}</span>
                      </button>{' '}
                    </span>
                  ))}
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={ranges.length >= 6}
                    onClick={() => setDay(day, [...ranges, ranges.length === 0 ? ['08:00', '17:00'] : [ranges[ranges.length - 1]![1] < '23:00' ? ranges[ranges.length - 1]![1] : '23:00', '24:00']])}
                  >
                    {t('slaAdmin.addRange')}
                    <span className="visually-hidden">: {dayName}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">{t('slaAdmin.hoursHint')}</p>
    </fieldset>
  );
}
