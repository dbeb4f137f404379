// GET/PUT /calendar/{year}, POST /calendar/{year}/import (the .csv or .xlsx file's bytes as the
// body) and GET /calendar/working-days?from=&add= (the deadline arithmetic of the server).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarDay, CalendarYear } from '@/api/types';
import { api } from '@/lib/api-client';
import { ApiError, unwrap } from '@/lib/api-error';

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => ['calendar', 'year', year] as const,
  workingDays: (from: string, add: number) => ['calendar', 'working-days', from, add] as const,
};

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKeys.year(year),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/{year}', { params: { path: { year } } })),
  });
}

function useYearMutation<A>(fn: (args: A) => Promise<CalendarYear>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (saved) => {
      qc.setQueryData(calendarKeys.year(saved.year), saved);
      // Answers of the calculator may have changed with the year.
      return qc.invalidateQueries({ queryKey: ['calendar', 'working-days'] });
    },
  });
}

export const useSaveYear = () =>
  useYearMutation(({ year, days }: { year: number; days: CalendarDay[] }) =>
    unwrap(api.PUT('/api/v1/calendar/{year}', { params: { path: { year } }, body: { days } })),
  );

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file's type as the server reads it: .xlsx by name or type, anything else as CSV text. */
export function uploadType(file: Pick<File, 'name' | 'type'>): string {
  return file.type === XLSX || file.name.toLowerCase().endsWith('.xlsx') ? XLSX : 'text/csv';
}

export async function importYear(year: number, file: File): Promise<CalendarYear> {
  let result;
  try {
    result = await api.POST('/api/v1/calendar/{year}/import', {
      params: { path: { year } },
      // The raw bytes (the generated type describes them as a byte array).
      body: file as unknown as number[],
      bodySerializer: (body) => body as unknown as File,
      headers: { 'Content-Type': uploadType(file) },
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', title: e instanceof Error ? e.message : String(e) });
  }
  return unwrap(Promise.resolve(result));
}

export const useImportYear = () => useYearMutation(({ year, file }: { year: number; file: File }) => importYear(year, file));

export function useWorkingDays(query: { from: string; add: number } | null) {
  return useQuery({
    queryKey: calendarKeys.workingDays(query?.from ?? '', query?.add ?? 0),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/working-days', { params: { query: { from: query?.from ?? '', add: query?.add ?? 0 } } })),
    enabled: query !== null,
  });
}
