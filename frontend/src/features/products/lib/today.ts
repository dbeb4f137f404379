// Today in the company's time zone (YYYY-MM-DD): the default effective date of a new price.
import dayjs from 'dayjs';
import { COMPANY_TZ, DATE_FORMAT } from '@/lib/format';

export function companyDay(now: Date = new Date()): string {
  return dayjs(now).tz(COMPANY_TZ).format(DATE_FORMAT);
}
