// Where a notification leads: a path inside the web app only (never another site).
export function notificationTarget(link: string | null | undefined): string | null {
  if (!link) return null;
  const s = link.trim();
  if (!s.startsWith('/') || s.startsWith('//') || s.startsWith('/\\')) return null;
  return s;
}
