// Today in the company's time zone (YYYY-MM-DD): the default date of payments and credit notes,
// the latest they may carry, the default as-of date of the aging register.
import dayjs from 'dayjs';
import { COMPANY_TZ, DATE_FORMAT } from '@/lib/format';

export function companyDay(now: Date = new Date()): string {
  return dayjs(now).tz(COMPANY_TZ).format(DATE_FORMAT);
}
