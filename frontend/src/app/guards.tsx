// Route guards: signed in, first password changed, permission for the page.
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { ForbiddenPage } from '@/components/StatusPages';
import { loggedOutOnPurpose, useSession, useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { canOpen, loginPathFor, type PageKey } from '@/lib/permissions';

/** Signed-in users only; others go to the login page, which brings them back here. */
export function RequireAuth({ children, allowPasswordChange = false }: { children: ReactNode; allowPasswordChange?: boolean }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'anonymous') {
    return <Navigate to={loggedOutOnPurpose() ? '/login' : loginPathFor(location)} replace />;
  }
  if (session.status === 'loading') return <PageLoader fullScreen />;
  if (session.status === 'error') return <ErrorState error={session.error} onRetry={session.retry} />;
  if (session.user.must_change_password && !allowPasswordChange) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/change-password${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <>
      <LanguageFromProfile />
      {children}
    </>
  );
}

/** The language saved in the user's profile wins over the one chosen on the login page. */
function LanguageFromProfile() {
  const user = useUser();
  const { lang, setLang } = useI18n();
  useEffect(() => {
    if (user.language !== lang) setLang(user.language);
    // only when the profile's language changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user.language]);
  return null;
}

/** Shows the 403 page to users whose permissions do not include the page. */
export function RequirePage({ page, children }: { page: PageKey; children: ReactNode }) {
  const user = useUser();
  return canOpen(user.permissions, page) ? <>{children}</> : <ForbiddenPage />;
}
