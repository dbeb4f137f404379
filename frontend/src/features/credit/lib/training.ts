// What the credit training page works out from its data: whole months since someone's last
// session, the attendees of a session in a line, the form's body, and the people chosen in a
// multiple choice by name.
import type { NewCreditTrainingBody, TrainingAttendee } from '@/api/types';

/** Whole calendar months from `from` to `to` (`YYYY-MM-DD`; a month counts once its day is reached). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) months -= 1;
  return Math.max(0, months);
}

/** The first `max` attendees' names, and how many more there are. */
export function attendeeSummary(attendees: readonly Pick<TrainingAttendee, 'display_name'>[], max = 3): { names: string[]; more: number } {
  return { names: attendees.slice(0, max).map((a) => a.display_name), more: Math.max(0, attendees.length - max) };
}

export interface TrainingValues {
  held_on: string | null;
  topic?: string;
  trainer?: string;
  materials?: string;
  attendee_ids?: number[];
}

/** The form's values as the API takes them: texts trimmed, attendees once each in the order picked. */
export function trainingBody(v: TrainingValues): NewCreditTrainingBody {
  return {
    held_on: v.held_on ?? '',
    topic: (v.topic ?? '').trim(),
    trainer: (v.trainer ?? '').trim(),
    materials: (v.materials ?? '').trim(),
    attendee_ids: [...new Set(v.attendee_ids ?? [])],
  };
}

/** The people chosen, each with the name it was chosen under (a choice the searches no longer return keeps its name). */
export function chosenPeople(chosen: readonly number[], known: ReadonlyMap<number, string>): { value: number; label: string }[] {
  return chosen.map((id) => ({ value: id, label: known.get(id) ?? `#${id}` }));
}
